package io.rolegate.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
                new AuthConfig(AuthMode.DIRECTORY),
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
                  tls: prefer
                auth:
                  mode: passthrough
                limits:
                  maxClientConnections: 10000
                  startupTimeout: 15s
                  maxStartupPacket: 10000
                  shutdownGrace: 10s
                """);
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
