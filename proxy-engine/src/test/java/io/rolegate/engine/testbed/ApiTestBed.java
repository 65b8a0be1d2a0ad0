package io.rolegate.engine.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.remote.ApiJson;
import io.rolegate.engine.api.remote.EngineTrust;
import io.rolegate.engine.api.remote.RemoteEngine;
import io.rolegate.engine.config.ApiConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One engine with its admin API for a test class, started the one way the API tests need it: a {@link ConsoleProxy}
 * (real PostgreSQL, the UnboundID directory over TCP, console logins: alice administers, bob looks; carol audits in
 * {@link #recordingDataTeam()}) and its API over real TLS on a free loopback port, certified by a test CA that
 * {@link TestAdminApi#http()} and {@link #remote()} trust. Register it as a static field:
 * <pre>{@code @RegisterExtension static final ApiTestBed bed = ApiTestBed.console();}</pre>
 * its parts exist from {@code @BeforeAll} on, and go (data and certificates deleted) after the class.
 */
public final class ApiTestBed implements BeforeAllCallback, AfterAllCallback {
    /** How the class's engine starts, in its data directory. */
    private interface ProxyStart {
        ConsoleProxy start(Path dataDir) throws Exception;
    }

    private final ProxyStart start;
    private final Clock clock;
    private Path dir;
    private ConsoleProxy proxy;
    private TestCertificates.PemSet pem;
    private TestAdminApi api;

    private ApiTestBed(ProxyStart start, Clock clock) {
        this.start = start;
        this.clock = clock;
    }

    /** {@link ConsoleProxy#start}: alice administers, bob and carol only look; the API on the real clock. */
    public static ApiTestBed console() {
        return new ApiTestBed(ConsoleProxy::start, Clock.systemUTC());
    }

    /** {@link ConsoleProxy#recordingDataTeam}: carol audits, alice's sessions are recorded; the real clock. */
    public static ApiTestBed recordingDataTeam() {
        return new ApiTestBed(ConsoleProxy::recordingDataTeam, Clock.systemUTC());
    }

    /** The same engine, its API on a {@link MovableClock} a test moves past token lifetimes ({@link #clock()}). */
    public ApiTestBed onAMovableClock() {
        return new ApiTestBed(start, new MovableClock());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("rolegate-api-test");
        proxy = start.start(dataDir());
        pem = TestAdminApi.certificates(certDir());
        api = TestAdminApi.start(proxy.engine(), ApiConfig.loopback(0, pem.certificate(), pem.key()), pem.ca(), clock);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (api != null) {
            api.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    public ConsoleProxy proxy() {
        return proxy;
    }

    public Engine engine() {
        return proxy.engine();
    }

    public TestAdminApi api() {
        return api;
    }

    /** The engine's data directory. */
    public Path dataDir() {
        return dir.resolve("data");
    }

    /** Where the API's certificates are (a test may issue more below it). */
    public Path certDir() {
        return dir.resolve("certs");
    }

    /** The API's certificate, key and the CA that issued it. */
    public TestCertificates.PemSet pem() {
        return pem;
    }

    /** The API's clock, for {@link #onAMovableClock()} beds. */
    public MovableClock clock() {
        if (!(clock instanceof MovableClock movable)) {
            throw new IllegalStateException("this bed's API runs on the real clock: use onAMovableClock()");
        }
        return movable;
    }

    /** The console's client of this engine ({@code --attach}), trusting the test CA; nothing sent yet. */
    public RemoteEngine remote() {
        return RemoteEngine.at(api.url(), EngineTrust.caFile(api.caFile()));
    }

    /** Logs {@code user} in through {@code remote} with their test directory password. */
    public static ConsoleIdentity login(RemoteEngine remote, String user) {
        return remote.login(user, TestDirectory.password(user).toCharArray());
    }

    /** The engine's audit records of {@code type}, oldest first. */
    public List<AuditRecord> audit(AuditEventType type) {
        return engine().audit().records(AuditQuery.all().type(type));
    }

    /** The id of {@code user}'s first live session (in the engine's order). */
    public long sessionOf(String user) {
        return engine().sessions().stream().filter(s -> s.user().equals(user)).findFirst().orElseThrow().id();
    }

    /** The id of {@code user}'s last live session (in the engine's order): the one a test just opened. */
    public long lastSessionOf(String user) {
        return engine().sessions().stream().filter(s -> s.user().equals(user)).reduce((a, b) -> b).orElseThrow()
                .id();
    }

    /** An API answer's body as JSON. */
    public static JsonNode json(HttpResponse<String> r) {
        return ApiJson.tree(r.body());
    }
}
