package io.rolegate.engine.cli;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestAdminApi;
import io.rolegate.engine.testbed.TestCertificates;
import io.rolegate.engine.testbed.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rolegate-proxy admin …} end to end: the CLI in-process against a real engine's admin API over real TLS
 * (the server's certificate checked against {@code --ca}), the password from the environment as a script gives it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminCommandTest {
    @TempDir
    static Path dir;
    ConsoleProxy proxy;
    TestAdminApi api;

    @BeforeAll
    void start() throws Exception {
        proxy = ConsoleProxy.start(dir.resolve("data"));
        api = TestAdminApi.start(proxy.engine(), dir.resolve("certs"));
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private Map<String, String> env(String user) {
        Map<String, String> env = new HashMap<>();
        env.put(AdminCommand.PASSWORD_VARIABLE, TestDirectory.password(user));
        env.put("USER", user);
        return env;
    }

    private CliRun admin(Map<String, String> env, Path home, String... words) {
        String[] args = new String[words.length + 2];
        System.arraycopy(words, 0, args, 0, words.length);
        args[words.length] = "--ca";
        args[words.length + 1] = api.caFile().toString();
        return CliRun.run(env, home, args);
    }

    @Test
    void anAdministratorLogsInListsSessionsAndDisconnectsOne() throws Exception {
        Path home = dir.resolve("alice-home");
        Map<String, String> env = env("alice");
        CliRun login = admin(env, home, "admin", "login", "--url", api.url());
        assertThat(login.code).as(login.toString()).isZero();
        assertThat(login.out).contains("logged in to " + api.url() + " as alice (administrator");
        Path tokenFile = home.resolve(".config/rolegate/admin-token.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
        assertThat(login.out + login.err).doesNotContain(Files.readString(tokenFile).split("\"token\":\"")[1]
                .split("\"")[0]);

        try (Connection bobs = proxy.session("bob")) {
            long id = proxy.engine().sessions().stream().filter(s -> s.user().equals("bob")).findFirst()
                    .orElseThrow().id();
            CliRun sessions = admin(env, home, "admin", "sessions");
            assertThat(sessions.code).as(sessions.toString()).isZero();
            assertThat(sessions.out).startsWith("ID").contains("bob");

            var loop = LiveSessions.queryLoop(bobs);
            CliRun disconnect = admin(env, home, "admin", "disconnect", Long.toString(id), "--reason", "cli test");
            assertThat(disconnect.code).as(disconnect.toString()).isZero();
            PSQLException ended = loop.get(60, TimeUnit.SECONDS);
            assertThat((Object) ended).isNotNull();
            assertThat(ended.getSQLState()).isEqualTo("57P01");
        }
        assertThat(proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.ADMIN_ACTION)))
                .anySatisfy(r -> assertThat(r.event().actor()).isEqualTo("alice"));
        CliRun audit = admin(env, home, "admin", "audit", "--limit", "20");
        assertThat(audit.code).as(audit.toString()).isZero();
        assertThat(audit.out).contains("ADMIN_ACTION").contains("alice");

        CliRun logout = admin(env, home, "admin", "logout");
        assertThat(logout.code).as(logout.toString()).isZero();
        assertThat(tokenFile).doesNotExist();
        CliRun after = admin(env, home, "admin", "sessions", "--url", api.url());
        assertThat(after.code).isEqualTo(1);
        assertThat(after.err).contains("not logged in");
    }

    @Test
    void aReadOnlyUserPreviewsButIsRefusedChangesByTheEngineNotByTheCli() throws Exception {
        Path home = dir.resolve("bob-home");
        Map<String, String> env = env("bob");
        assertThat(admin(env, home, "admin", "login", "--url", api.url()).code).isZero();
        CliRun refused = admin(env, home, "admin", "disconnect", "1");
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.err).contains("refused").contains("bob may only look");

        Path file = Files.writeString(dir.resolve("mappings.json"), "{\"mappings\": [{\"groupDn\": \""
                + TestDirectory.groupDn("readers") + "\", \"roles\": [\"dba_role\"]}]}");
        CliRun preview = admin(env, home, "admin", "mappings", "preview", file.toString());
        assertThat(preview.code).as(preview.toString()).isZero();
        assertThat(preview.out).containsAnyOf("LOSES ACCESS", "no user's roles change");
        CliRun apply = admin(env, home, "admin", "mappings", "apply", file.toString());
        assertThat(apply.code).isEqualTo(1);
        assertThat(apply.err).contains("bob may only look");
        CliRun mappings = admin(env, home, "admin", "mappings");
        assertThat(mappings.code).isZero();
        assertThat(mappings.out).startsWith("GROUP").contains(TestDirectory.groupDn("dba"));
        assertThat(proxy.engine().directory().mappings()).noneMatch(m -> m.groupDn().equals(
                TestDirectory.groupDn("readers")) && m.roles().contains("dba_role"));
    }

    @Test
    void theServerCertificateIsVerified() throws Exception {
        Path otherCa = TestCertificates.authority("Someone else").writeCertificate(dir.resolve("other-ca.crt"));
        CliRun untrusted = CliRun.run(env("alice"), dir.resolve("x-home"), "admin", "login", "--url", api.url(),
                "--ca", otherCa.toString());
        assertThat(untrusted.code).isEqualTo(1);
        assertThat(untrusted.err).contains("could not be reached over TLS");
        CliRun plain = CliRun.run(env("alice"), dir.resolve("x-home"), "admin", "login", "--url",
                "http://127.0.0.1:" + api.port());
        assertThat(plain.code).isEqualTo(2);
        assertThat(plain.err).contains("https://");
        CliRun wrong = admin(Map.of(AdminCommand.PASSWORD_VARIABLE, "nope"), dir.resolve("y-home"), "admin", "login",
                "--url", api.url(), "--username", "alice");
        assertThat(wrong.code).isEqualTo(1);
        assertThat(wrong.err).contains("wrong user name or password");
        assertThat(dir.resolve("y-home/.config/rolegate/admin-token.json")).doesNotExist();
    }
}
