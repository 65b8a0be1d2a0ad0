package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigException;

import io.rolegate.engine.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Valid files: defaults, every key, relative paths, and the spellings YAML makes tricky. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private RolegateConfig load(String yaml) {
        return new ConfigLoader(Map.of("ADMIN_PASSWORD", "pw")::get).load(yaml, "test.yaml", dir);
    }

    @Test
    void keepIdleIsOffByDefaultAndReadsWithItsLimit() {
        assertThat(load("").upstream().keepsIdleConnections()).isFalse();
        RolegateConfig kept = load("upstream:\n  keepIdle: 45s\n  maxIdlePerUser: 3\n"
                + "  admin: {user: rolegate_admin, password: x, database: postgres}\n"
                + "auth: {mode: directory}\nlisten: {tls: {mode: required, selfSigned: true}}\n"
                + "directory: {urls: [ldap://127.0.0.1:389], userBase: 'ou=people,dc=x', groupBase: 'ou=groups,dc=x'}\n");
        assertThat(kept.upstream().keepIdle()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThat(kept.upstream().maxIdlePerUser()).isEqualTo(3);
        RolegateConfig again = new ConfigLoader(Map.of("ROLEGATE_ADMIN_PASSWORD", "x")::get)
                .load(ConfigWriter.toYaml(kept), "exported.yaml", dir);
        assertThat(again.upstream().keepIdle()).isEqualTo(kept.upstream().keepIdle());
        assertThat(again.upstream().maxIdlePerUser()).isEqualTo(3);
    }

    @Test
    void emptyFileMeansEveryDefault() {
        assertThat(load("")).isEqualTo(RolegateConfig.defaults());
        assertThat(load("# nothing configured yet\n")).isEqualTo(RolegateConfig.defaults());
    }

    @Test
    void missingAndEmptySectionsMeanDefaults() {
        RolegateConfig c = load("""
                listen:
                upstream: {}
                auth:
                  mode: ~
                limits:
                  maxClientConnections: 50
                """);
        assertThat(c).isEqualTo(RolegateConfig.defaults()
                .withLimits(LimitsConfig.defaults().withMaxClientConnections(50)));
    }

    @Test
    void readsEveryKey() throws IOException {
        Files.writeString(dir.resolve("server.crt"), "cert");
        Files.writeString(dir.resolve("server.key"), "key");
        Files.createDirectories(dir.resolve("ca"));
        Files.writeString(dir.resolve("ca/root.crt"), "ca");
        RolegateConfig c = load("""
                listen:
                  host: 0.0.0.0
                  port: 7432
                  tls:
                    mode: required
                    certificate: server.crt
                    key: server.key
                  allowCleartextOnLoopback: true
                upstream:
                  host: db1.example.com
                  port: 5433
                  tls: verify-full
                  rootCert: ca/root.crt
                  admin:
                    user: rolegate_admin
                    password: ${ADMIN_PASSWORD}
                    database: admin_db
                auth:
                  mode: directory
                directory:
                  urls: [ldaps://dc1.example.org]
                  userBase: ou=people,dc=example,dc=org
                  groupBase: ou=groups,dc=example,dc=org
                limits:
                  maxClientConnections: 200
                  startupTimeout: 500ms
                  maxStartupPacket: 20000
                  shutdownGrace: 2m
                """);
        assertThat(c.listen()).isEqualTo(new ListenConfig("0.0.0.0", 7432, new ListenTlsConfig(
                ListenTlsMode.REQUIRED, dir.resolve("server.crt"), dir.resolve("server.key"), false), true));
        assertThat(c.upstream()).isEqualTo(new UpstreamConfig("db1.example.com", 5433, UpstreamTlsMode.VERIFY_FULL,
                dir.resolve("ca/root.crt"), new UpstreamAdminConfig("rolegate_admin", Secret.of("pw"), "admin_db")));
        assertThat(c.auth().mode()).isEqualTo(AuthMode.DIRECTORY);
        assertThat(c.limits()).isEqualTo(new LimitsConfig(200, Duration.ofMillis(500), 20_000, Duration.ofMinutes(2)));
    }

    @Test
    void tlsModeOffWorksPlainQuotedAndInCapitals() {
        for (String written : new String[] {"off", "\"off\"", "'off'", "OFF"}) {
            RolegateConfig c = load("listen:\n  tls:\n    mode: " + written + "\n");
            assertThat(c.listen().tls().mode()).as(written).isEqualTo(ListenTlsMode.OFF);
        }
        assertThat(load("listen: {tls: {mode: optional, selfSigned: true}}").listen().tls().mode())
                .isEqualTo(ListenTlsMode.OPTIONAL);
    }

    @Test
    void listenPortZeroAsksForAnEphemeralPort() {
        assertThat(load("listen:\n  port: 0\n").listen().port()).isZero();
    }

    @Test
    void durationsInEveryUnit() {
        assertThat(load("limits: {startupTimeout: 1h}").limits().startupTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(load("limits: {startupTimeout: 15s}").limits().startupTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(load("limits: {shutdownGrace: 0s}").limits().shutdownGrace()).isEqualTo(Duration.ZERO);
    }

    @Test
    void relativePathsStartFromTheConfigFilesFolder(@TempDir Path elsewhere) throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("ca.pem"), "ca");
        Path file = etc.resolve("rolegate.yaml");
        Files.writeString(file, "upstream:\n  tls: verify-full\n  rootCert: ca.pem\n");

        RolegateConfig c = new ConfigLoader(name -> null).load(file);

        assertThat(c.upstream().rootCert()).isEqualTo(etc.resolve("ca.pem")).isAbsolute();
        // the same text loaded against another folder must not find the file
        assertThatThrownBy(() -> new ConfigLoader(name -> null).load(Files.readString(file), "x", elsewhere))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void missingConfigFileIsOneProblemWithoutALine() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> new ConfigLoader().load(missing))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly(new ConfigProblem(0, "", "file not found: " + missing.toAbsolutePath())));
    }

    @Test
    void directoryAuthIsFineWithTlsOrWithLoopbackOptIn() {
        String parts = ConfigProblemsTest.DIRECTORY_PARTS;
        assertThat(load("auth: {mode: directory}\nlisten: {allowCleartextOnLoopback: true}\n" + parts).auth().mode())
                .isEqualTo(AuthMode.DIRECTORY);
        assertThat(load("auth: {mode: directory}\nlisten: {tls: {mode: required, selfSigned: true}}\n" + parts)
                .auth().mode())
                .isEqualTo(AuthMode.DIRECTORY);
    }
}
