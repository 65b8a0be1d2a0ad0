package io.rolegate.engine.api;

import io.rolegate.engine.store.audit.AuditAnchors;
import io.rolegate.engine.api.model.VerifyResult;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 7 through the facade: a running engine checkpoints its audit chain beside its data directory at
 * start and at stop, and its own verify (the console's "verify chain") compares the chain with them.
 */
class EngineAuditCheckpointsTest {
    @TempDir
    Path dataDir;

    @Test
    void aTailCutWhileTheEngineWasStoppedShowsInTheNextEnginesVerify() throws Exception {
        long last;
        try (TestProxy first = TestProxy.start(dataDir)) {
            VerifyResult clean = first.engine().audit().verify();
            assertThat(clean.intact()).as(clean.description()).isTrue();
            assertThat(clean.notes()).anySatisfy(n -> assertThat(n).contains("agree with the chain"));
            last = clean.lastSequence();
        }
        assertThat(dataDir.resolve(AuditAnchors.FILE_NAME)).exists();
        try (Connection c = TestStores.raw(dataDir)) {
            TestStores.update(c, "DELETE FROM audit_event WHERE seq = " + last);
        }

        try (TestProxy second = TestProxy.start(dataDir)) {
            VerifyResult result = second.engine().audit().verify();
            assertThat(result.intact()).isFalse();
            assertThat(result.problem()).isIn(VerifyResult.Problem.TRUNCATED, VerifyResult.Problem.CHECKPOINT_DIFFERS);
            assertThat(result.brokenAt()).isEqualTo(last);
            assertThat(second.engine().audit().verify()).isEqualTo(result);
        }
        assertThat(Files.readAllLines(dataDir.resolve(AuditAnchors.FILE_NAME)).get(0))
                .as("the checkpoint that caught it is still there").startsWith("{\"seq\":" + last + ",");
    }
}
