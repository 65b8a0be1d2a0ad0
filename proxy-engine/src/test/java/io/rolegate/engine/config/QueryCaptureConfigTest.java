package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigException;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** policies.captureQueries and captureQueriesByRole: read, chosen per session, and written back. */
class QueryCaptureConfigTest {
    private static RolegateConfig load(String yaml) {
        return new ConfigLoader(name -> null).load(yaml, "test.yaml");
    }

    @Test
    void offByDefaultAndLeftOutOfExports() {
        RolegateConfig c = load("listen: {port: 7000}\n");
        assertThat(c.access().queryCapture()).isEqualTo(QueryCaptureConfig.off());
        assertThat(ConfigWriter.toYaml(c)).doesNotContain("captureQueries");
    }

    @Test
    void readsTheDefaultAndPerRoleModesAndWritesThemBack() {
        RolegateConfig c = load("policies:\n  captureQueries: redacted\n  captureQueriesByRole:\n"
                + "    auditor: full\n    payroll: off\n");
        QueryCaptureConfig q = c.access().queryCapture();
        assertThat(q).isEqualTo(new QueryCaptureConfig(CaptureMode.REDACTED,
                Map.of("auditor", CaptureMode.FULL, "payroll", CaptureMode.OFF)));
        assertThat(q.modeFor(List.of("app"))).isEqualTo(CaptureMode.REDACTED);
        assertThat(q.modeFor(List.of("payroll"))).isEqualTo(CaptureMode.OFF);
        assertThat(q.modeFor(List.of("payroll", "auditor"))).as("the most revealing matching entry")
                .isEqualTo(CaptureMode.FULL);

        assertThat(load(ConfigWriter.toYaml(c))).isEqualTo(c);
    }

    @Test
    void anUnknownModeIsAProblemWithItsPath() {
        assertThatThrownBy(() -> load("policies:\n  captureQueries: everything\n  captureQueriesByRole: {x: some}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> {
                            assertThat(p.path()).isEqualTo("policies.captureQueries");
                            assertThat(p.message()).contains("off, redacted, full");
                        })
                        .anySatisfy(p -> assertThat(p.path()).isEqualTo("policies.captureQueriesByRole.x")));
    }
}
