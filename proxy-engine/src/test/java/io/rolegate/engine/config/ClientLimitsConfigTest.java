package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code limits.maxPendingPerSource} and {@code limits.keepalive}: defaults, every key, limits, export and back. */
class ClientLimitsConfigTest {
    @TempDir
    Path dir;

    private RolegateConfig load(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).load(yaml, "test.yaml", dir);
    }

    @Test
    void defaultsProtectWithoutHurtingPools() {
        LimitsConfig d = load("").limits();
        assertThat(d.maxPendingPerSource()).isEqualTo(1000);
        assertThat(d.keepalive()).isEqualTo(new KeepaliveConfig(Duration.ofSeconds(60), Duration.ofSeconds(10), 6,
                Duration.ZERO));
        assertThat(d.keepalive().deadPeerFoundWithin()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void everyKeyIsReadAndWrittenBack() {
        RolegateConfig c = load("""
                limits:
                  maxPendingPerSource: 0
                  keepalive: {idle: 30s, interval: 5s, count: 3, userTimeout: 45s}
                """);
        assertThat(c.limits().maxPendingPerSource()).isZero();
        assertThat(c.limits().keepalive()).isEqualTo(new KeepaliveConfig(Duration.ofSeconds(30),
                Duration.ofSeconds(5), 3, Duration.ofSeconds(45)));
        RolegateConfig again = load(ConfigWriter.toYaml(c));
        assertThat(again.limits()).isEqualTo(c.limits());
    }

    @Test
    void valuesOutsideTheirRangeAreProblemsNamingTheKey() {
        assertThatThrownBy(() -> load("limits: {maxPendingPerSource: -1}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maxPendingPerSource");
        assertThatThrownBy(() -> load("limits: {keepalive: {count: 0}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("count");
        assertThatThrownBy(() -> load("limits: {keepalive: {idle: 500ms}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("idle");
        assertThatThrownBy(() -> load("limits: {keepalive: {interval: 10h}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("interval");
    }
}
