package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The api: section: off by default, TLS always (no plaintext mode), validated, and written back. */
class ApiConfigTest {
    @TempDir
    Path dir;

    private RolegateConfig load(String yaml) {
        return new ConfigLoader(name -> null).load(yaml, "test.yaml", dir);
    }

    @Test
    void absentMeansDisabled() {
        assertThat(load("listen: {port: 7000}\n").api()).isEqualTo(ApiConfig.disabled());
        assertThat(RolegateConfig.defaults().api().enabled()).isFalse();
    }

    @Test
    void aSectionWithoutTlsMaterialIsRefusedSayingThereIsNoPlaintextMode() {
        assertThatThrownBy(() -> load("api: {port: 9443}\n")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.path()).isEqualTo("api.tls");
                    assertThat(p.message()).contains("TLS only", "api.tls.certificate", "no plaintext mode");
                }));
        assertThatThrownBy(() -> load("api:\n  tls: {selfSigned: true, certificate: x.crt}\n"))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void certificateAndKeyOrSelfSignedTurnItOnAndExportRoundTrips() throws Exception {
        Files.writeString(dir.resolve("api.crt"), "x");
        Files.writeString(dir.resolve("api.key"), "x");
        Files.writeString(dir.resolve("clients.crt"), "x");
        RolegateConfig c = load("api:\n  port: 9444\n  tokenLifetime: 5m\n  tls:\n    certificate: api.crt\n"
                + "    key: api.key\n    clientCa: clients.crt\n");
        assertThat(c.api()).isEqualTo(new ApiConfig(true, "127.0.0.1", 9444, dir.resolve("api.crt"),
                dir.resolve("api.key"), false, dir.resolve("clients.crt"), Duration.ofMinutes(5)));
        assertThat(load(ConfigWriter.toYaml(c))).isEqualTo(c);

        RolegateConfig self = load("api: {tls: {selfSigned: true}}\n");
        assertThat(self.api().selfSigned()).isTrue();
        assertThat(self.api().tokenLifetime()).isEqualTo(ApiConfig.DEFAULT_TOKEN_LIFETIME);
        assertThat(load(ConfigWriter.toYaml(self))).isEqualTo(self);
        assertThat(ConfigWriter.toYaml(RolegateConfig.defaults())).doesNotContain("api:");
    }

    @Test
    void tokenLifetimeIsBounded() {
        assertThatThrownBy(() -> load("api: {tokenLifetime: 13h, tls: {selfSigned: true}}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("api.tokenLifetime");
    }
}
