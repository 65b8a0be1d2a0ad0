package io.rolegate.engine.config;

import io.rolegate.engine.directory.DirectoryFlavour;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.policy.GroupRule;
import io.rolegate.engine.policy.PolicyRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigWriterTest {
    @TempDir
    Path dir;

    private RolegateConfig reload(RolegateConfig c) {
        return new ConfigLoader(name -> null).load(ConfigWriter.toYaml(c), "export.yaml", dir);
    }

    @Test
    void defaultsRoundTrip() {
        assertThat(reload(RolegateConfig.defaults())).isEqualTo(RolegateConfig.defaults());
    }

    @Test
    void everyNonDefaultValueRoundTrips() throws IOException {
        Path cert = Files.writeString(dir.resolve("my server.crt"), "c");
        Path key = Files.writeString(dir.resolve("server.key"), "k");
        Path ca = Files.writeString(dir.resolve("root: ca.pem"), "ca");
        RolegateConfig c = new RolegateConfig(
                new ListenConfig("::", 0, new ListenTlsConfig(ListenTlsMode.REQUIRED, cert, key, false), true),
                new UpstreamConfig("pg-${literal}.example", 6543, UpstreamTlsMode.VERIFY_FULL, ca),
                new AuthConfig(AuthMode.PASSTHROUGH),
                new LimitsConfig(7, Duration.ofMillis(1500), 4096, Duration.ofMinutes(45)));

        assertThat(reload(c)).isEqualTo(c);
    }

    @Test
    void selfSignedRoundTrips() {
        RolegateConfig c = RolegateConfig.defaults().withListen(ListenConfig.defaults()
                .withTls(new ListenTlsConfig(ListenTlsMode.OPTIONAL, null, null, true)));
        assertThat(reload(c)).isEqualTo(c);
    }

    @Test
    void readableBlockYamlInTheDocumentedOrder() {
        String yaml = ConfigWriter.toYaml(RolegateConfig.defaults());
        assertThat(yaml).isEqualTo("""
                listen:
                  host: 127.0.0.1
                  port: 6432
                  tls:
                    mode: "off"
                    selfSigned: false
                  allowCleartextOnLoopback: false
                upstream:
                  host: localhost
                  port: 5432
                  targetSessionAttrs: any
                  connectTimeout: 10s
                  tls: prefer
                auth:
                  mode: passthrough
                limits:
                  maxClientConnections: 10000
                  startupTimeout: 15s
                  maxStartupPacket: 10000
                  shutdownGrace: 10s
                  drainDelay: 5s
                  maxPendingPerSource: 1000
                  keepalive:
                    idle: 1m
                    interval: 10s
                    count: 6
                    userTimeout: 0s
                  loginThrottle:
                    perUser: 4
                    perSource: 30
                    window: 15m
                    maxTracked: 50000
                  loginMemory:
                    maxEntries: 10000
                    maxBytes: 16777216
                  loginQueue:
                    workers: 16
                    adminConnections: 4
                    maxWaiting: 2000
                    maxWait: 10s
                mappings: []
                policies:
                  allowedSources: []
                  maxSessionsPerUser: 0
                  groups: []
                """);
    }

    @Test
    void directoryMappingsAndPoliciesRoundTripWithSecretsFromTheEnvironment() {
        RolegateConfig c = ConfigFixtures.config();
        String yaml = ConfigWriter.toYaml(c);
        assertThat(new ConfigLoader(ConfigFixtures.ENV::get).load(yaml, "export.yaml", dir)).isEqualTo(c);
    }

    @Test
    void theIssuesExampleReadsAsTheRecordsAndWritesBackTheSame() {
        RolegateConfig c = new ConfigLoader(ConfigFixtures.ENV::get).load(ConfigFixtures.DIRECTORY_YAML, "x", dir);
        assertThat(c).isEqualTo(ConfigFixtures.config());
        assertThat(new ConfigLoader(ConfigFixtures.ENV::get).load(ConfigWriter.toYaml(c), "x", dir)).isEqualTo(c);
    }

    @Test
    void exportsNeverHoldASecretValueOnlyPlaceholdersAndSaySo() {
        String yaml = ConfigWriter.toYaml(ConfigFixtures.config());
        assertThat(yaml).doesNotContain(ConfigFixtures.LDAP_SECRET).doesNotContain(ConfigFixtures.ADMIN_SECRET)
                .containsPattern("\n  bindPassword: '?\\$\\{ROLEGATE_LDAP_PASSWORD}'?\n")
                .containsPattern("\n    password: '?\\$\\{ROLEGATE_ADMIN_PASSWORD}'?\n")
                .startsWith("# Secrets are never exported: directory.bindPassword reads ${ROLEGATE_LDAP_PASSWORD}, "
                        + "upstream.admin.password reads ${ROLEGATE_ADMIN_PASSWORD}.");
    }

    @Test
    void anonymousDirectoryWritesNoPasswordAndNoSecretsNote() {
        RolegateConfig c = RolegateConfig.defaults().withDirectory(ConfigFixtures.directory().toBuilder()
                .bind(null, null).build());
        String yaml = ConfigWriter.toYaml(c);
        assertThat(yaml).doesNotContain("bindPassword").doesNotStartWith("#");
        assertThat(reload(c)).isEqualTo(c);
    }

    @Test
    void everyFlavourAndEmptyPolicyPartsRoundTrip() {
        for (DirectoryFlavour f : DirectoryFlavour.values()) {
            RolegateConfig c = RolegateConfig.defaults().withDirectory(DirectorySettings.builder(f)
                    .urls("ldap://localhost:389").userBase("dc=example,dc=org").groupBase("dc=example,dc=org")
                    .build())
                    .withAccess(AccessConfig.none().withPolicies(PolicyRules.none().withGroupRules(List.of(
                            new GroupRule("cn=a,dc=example,dc=org", Set.of(), Map.of("search_path", "app, public")),
                            new GroupRule("cn=b,dc=example,dc=org", Set.of("x", "y"), Map.of())))));
            assertThat(reload(c)).as(f.name()).isEqualTo(c);
        }
        assertThat(ConfigWriter.toYaml(RolegateConfig.defaults().withDirectory(DirectorySettings
                .builder(DirectoryFlavour.DS389).urls("ldap://h").userBase("o=x").groupBase("o=x").build())))
                .contains("flavour: 389ds");
    }

    @Test
    void durationsFinerThanAMillisecondCannotBeWritten() {
        RolegateConfig c = RolegateConfig.defaults()
                .withLimits(LimitsConfig.defaults().withStartupTimeout(Duration.ofNanos(1_500_000)));
        assertThatThrownBy(() -> ConfigWriter.toYaml(c))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be written");
    }
}
