package io.rolegate.engine.api;

import io.rolegate.engine.config.LimitsConfig;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration an engine starts with becomes a stored, audited version — only when it changed. */
class RunningConfigVersionsTest {
    @TempDir
    Path dataDir;

    @Test
    void aStartRecordsTheConfigurationOnceAndAChangedOneAsANewVersion() {
        try (TestProxy first = TestProxy.start(dataDir)) {
            assertThat(first.engine().configHistory()).singleElement().satisfies(v -> {
                assertThat(v.author()).isEqualTo("rolegate");
                assertThat(v.yaml()).contains("listen:").doesNotContain("password");
            });
        }
        try (TestProxy same = TestProxy.start(dataDir)) {
            assertThat(same.engine().configHistory()).as("unchanged: no new version").hasSize(1);
        }
        try (TestProxy changed = TestProxy.start(dataDir,
                c -> c.withLimits(LimitsConfig.defaults().withMaxClientConnections(42)))) {
            List<ConfigVersion> history = changed.engine().configHistory();
            assertThat(history).hasSize(2);
            assertThat(history.get(0).diffFromPrevious()).contains("+  maxClientConnections: 42");
            assertThat(changed.engine().auditRecords(AuditQuery.all().type(AuditEventType.CONFIG_CHANGED)))
                    .hasSize(2);
        }
    }
}
