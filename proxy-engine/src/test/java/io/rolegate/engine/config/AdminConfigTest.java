package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin: section: off by default, loopback when on, validated, and written back by ConfigWriter. */
class AdminConfigTest {

    private static RolegateConfig load(String yaml) {
        return new ConfigLoader(name -> null).load(yaml, "test.yaml");
    }

    @Test
    void absentMeansDisabled() {
        assertThat(load("listen: {port: 7000}\n").admin()).isEqualTo(AdminConfig.disabled());
        assertThat(RolegateConfig.defaults().admin().enabled()).isFalse();
    }

    @Test
    void presentMeansEnabledOnLoopbackByDefault() {
        assertThat(load("admin: {}\n").admin()).isEqualTo(new AdminConfig(true, "127.0.0.1", 9632));
        assertThat(load("admin:\n  port: 9100\n").admin()).isEqualTo(new AdminConfig(true, "127.0.0.1", 9100));
        assertThat(load("admin: {host: 0.0.0.0, port: 0}\n").admin()).isEqualTo(new AdminConfig(true, "0.0.0.0", 0));
    }

    @Test
    void switchedOffEqualsAbsent() {
        assertThat(load("admin: {enabled: false, port: 9100}\n").admin()).isEqualTo(AdminConfig.disabled());
    }

    @Test
    void badValuesAreProblemsWithTheirLine() {
        assertThatThrownBy(() -> load("listen: {port: 7000}\nadmin:\n  port: 70000\n  hots: x\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).anySatisfy(p -> {
                        assertThat(p.line()).isEqualTo(3);
                        assertThat(p.path()).isEqualTo("admin.port");
                    });
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("unknown key \"admin.hots\"", "host"));
                });
        assertThatThrownBy(() -> load("admin: {host: ''}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.host");
    }

    @Test
    void writerRoundTripsAnEnabledEndpointAndOmitsADisabledOne() {
        RolegateConfig on = RolegateConfig.defaults().withAdmin(new AdminConfig(true, "::1", 9100));
        String yaml = ConfigWriter.toYaml(on);
        assertThat(yaml).contains("admin:\n  host: ::1\n  port: 9100\n");
        assertThat(load(yaml)).isEqualTo(on);
        assertThat(ConfigWriter.toYaml(RolegateConfig.defaults())).doesNotContain("admin:\n  host");
        assertThat(load(ConfigWriter.toYaml(RolegateConfig.defaults()))).isEqualTo(RolegateConfig.defaults());
    }
}
