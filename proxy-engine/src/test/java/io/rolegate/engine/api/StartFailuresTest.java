package io.rolegate.engine.api;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.api.remote.ApiServer;
import io.rolegate.engine.config.AdminConfig;
import io.rolegate.engine.config.ApiConfig;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.testbed.TestCertificates;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestAdminApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A start that fails says which stage failed and why, in words (before, anything after the store opened read "could
 * not listen on host:port: …"): the listener's port taken, the admin endpoint's port taken, the admin API's port
 * taken, a store that is not there, and an unexpected failure inside a stage. After a failed start the engine is
 * FAILED and has let go of its data directory: the next start on it works.
 */
class StartFailuresTest {
    @TempDir
    Path dir;

    private static RolegateConfig config(UnaryOperator<RolegateConfig> tweak) {
        TestPostgres pg = TestPostgres.get();
        return tweak.apply(RolegateConfig.defaults().withListen(ListenConfig.defaults().withPort(0))
                .withUpstream(new UpstreamConfig(pg.host(), pg.port(), UpstreamTlsMode.DISABLE, null)));
    }

    /** A port held by someone else on 127.0.0.1 while {@code body} runs. */
    private interface WithPort {
        void run(int port) throws Exception;
    }

    private static void whileTaken(WithPort body) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            body.run(taken.getLocalPort());
        }
    }

    /** Starting with {@code config} fails with words containing {@code words}; the data directory is let go. */
    private void failsWith(RolegateConfig config, String... words) {
        Engine engine = new Engine(config, dir.resolve("data"));
        assertThatThrownBy(engine::start).isInstanceOf(EngineException.class).satisfies(e ->
                assertThat(e.getMessage()).contains(words).doesNotContain("could not listen on 127.0.0.1:0"));
        assertThat(engine.state()).isEqualTo(EngineState.FAILED);
        Engine again = new Engine(config(c -> c), dir.resolve("data"));
        again.start();
        again.stop(Duration.ZERO);
    }

    @Test
    void theListenersPortTakenIsNamedAsTheListener() throws Exception {
        whileTaken(port -> failsWith(config(c -> c.withListen(ListenConfig.defaults().withPort(port))), "could not listen on 127.0.0.1:" + port + ": ", "in use"));
    }

    @Test
    void theAdminEndpointsPortTakenIsNamedAsTheAdminEndpoint() throws Exception {
        whileTaken(port -> failsWith(config(c -> c.withAdmin(new AdminConfig(true, "127.0.0.1", port))),
                "could not start the admin endpoint on 127.0.0.1:" + port));
    }

    @Test
    void theAdminApisPortTakenIsNamedAsTheApi() throws Exception {
        TestCertificates.PemSet pem = TestAdminApi.certificates(dir.resolve("certs"));
        whileTaken(port -> {
            Engine engine = new Engine(config(c -> c.withApi(ApiConfig.loopback(port, pem.certificate(), pem.key()))),
                    dir.resolve("data"));
            engine.start();
            try {
                assertThatThrownBy(() -> ApiServer.startIfConfigured(engine)).isInstanceOf(EngineException.class)
                        .hasMessageContaining("could not start the admin API on 127.0.0.1:" + port);
            } finally {
                engine.stop(Duration.ZERO);
            }
        });
    }

    @Test
    void aStoreThatIsNotThereIsNamedAsTheStore() throws Exception {
        int closed = TestDirectory.closedPort();
        failsWith(config(c -> c.withStore(new StoreConfig("jdbc:postgresql://127.0.0.1:" + closed + "/rolegate",
                TestPostgres.SUPERUSER, Secret.empty()))), "cannot open the store jdbc:postgresql://127.0.0.1:"
                + closed, "Check the store: section");
    }

    @Test
    void anUnexpectedFailureInsideAStageNamesTheStage() {
        assertThatThrownBy(() -> EngineRuntime.stage("start the audit exports", () -> {
            throw new IllegalStateException("the exporter's thread could not start");
        })).isInstanceOf(EngineException.class)
                .hasMessage("could not start the audit exports: the exporter's thread could not start");
        EngineException worded = new EngineException("the admin endpoint is not enabled");
        assertThatThrownBy(() -> EngineRuntime.stage("anything", () -> {
            throw worded;
        })).as("a failure in words goes on as it is").isSameAs(worded);
    }
}
