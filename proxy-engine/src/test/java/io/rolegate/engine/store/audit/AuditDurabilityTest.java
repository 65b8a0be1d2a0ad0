package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.VerifyResult;

import io.rolegate.engine.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AuditDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void everyAppendReportedCommittedSurvivesKillMinusNine() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long lastAcknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            while (lastAcknowledged < 300) {
                String line = out.readLine();
                assertThat(line).as("child stopped early").isNotNull();
                lastAcknowledged = Long.parseLong(line);
            }
        } finally {
            // SIGKILL on Linux: no shutdown hooks, no H2 close. It also closes our end of the pipe, so acknowledgements
            // printed after the last line read are not counted; the check stays a lower bound, which is still strict.
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }

        try (Store store = Store.openDataDirectory(dir)) {
            VerifyResult result = store.audit().verify();
            assertThat(result.intact()).as(result.description()).isTrue();
            assertThat(result.lastSequence()).isGreaterThanOrEqualTo(lastAcknowledged);
        }
    }
}
