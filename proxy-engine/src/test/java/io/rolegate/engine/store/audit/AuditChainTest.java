package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditDetails;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.VerifyResult;
import io.rolegate.engine.api.model.RetentionResult;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.rolegate.engine.testbed.TestStores.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ParameterizedClass(name = "{0}")
@EnumSource(TestStores.class)
class AuditChainTest {
    @Parameter
    TestStores kind;
    @TempDir
    Path dir;
    TestStores.Location location;
    Store store;
    AuditLog audit;

    @BeforeEach
    void open() {
        location = kind.fresh(dir);
        store = location.open();
        audit = store.audit();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aFreshChainVerifiesAndRoundTripsEveryField() throws Exception {
        AuditEvent full = AuditEvent.of(AuditEventType.AUTH_FAILED, "wrong password for \"dave\"")
                .withActor("engine").withUser("dave").withSessionId("42").withClientAddress("10.1.2.3:50000")
                .withSqlstate("28P01").withDetails(AuditDetails.create().put("dn", "uid=dave,ou=people").put("try", 2));
        appendAll(List.of(full, AuditEvent.of(AuditEventType.WATCHER_HEALTH, "syncrepl connected")));

        VerifyResult result = audit.verify();

        assertThat(result.intact()).as(result.description()).isTrue();
        assertThat(result.recordsChecked()).isEqualTo(2);
        List<AuditRecord> records = audit.query(AuditQuery.all());
        assertThat(records.get(0).event()).isEqualTo(full);
        assertThat(records.get(0).previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(records.get(1).previousHash()).isEqualTo(records.get(0).hash());
        assertThat(result.headHash()).isEqualTo(records.get(1).hash());
    }

    @Test
    void anEditedMessageIsReportedAtItsSequence() throws Exception {
        appendNumbered(10);
        assertThat(audit.verify().intact()).isTrue();
        try (Connection c = store.connections().open()) {
            update(c, "UPDATE audit_event SET message = 'nothing to see' WHERE seq = 6");
        }

        VerifyResult result = audit.verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(6);
        assertThat(result.problem()).isEqualTo(VerifyResult.Problem.HASH_MISMATCH);
        assertThat(result.description()).startsWith("chain broken at sequence 6:");
    }

    @Test
    void anEditedAndRehashedRecordBreaksTheLinkOfTheNextOne() throws Exception {
        appendNumbered(10);
        AuditRecord six = audit.query(AuditQuery.all()).get(5);
        AuditEvent e = six.event();
        AuditEvent forged = new AuditEvent(e.type(), e.time(), e.actor(), e.user(), e.sessionId(), e.clientAddress(),
                e.sqlstate(), "forged", e.details());
        try (Connection c = store.connections().open();
             PreparedStatement ps = c.prepareStatement("UPDATE audit_event SET message = ?, hash = ? WHERE seq = 6")) {
            ps.setString(1, "forged");
            ps.setString(2, AuditChain.hash(six.previousHash(), 6, forged));
            ps.executeUpdate();
        }

        VerifyResult result = audit.verify();

        assertThat(result.brokenAt()).isEqualTo(7);
        assertThat(result.problem()).isEqualTo(VerifyResult.Problem.LINK_BROKEN);
    }

    @Test
    void aDeletedMiddleRecordIsReportedAsAGap() throws Exception {
        appendNumbered(10);
        try (Connection c = store.connections().open()) {
            update(c, "DELETE FROM audit_event WHERE seq = 4");
        }

        VerifyResult result = audit.verify();

        assertThat(result.brokenAt()).isEqualTo(4);
        assertThat(result.problem()).isEqualTo(VerifyResult.Problem.SEQUENCE_GAP);
        assertThat(result.description()).contains("record 4 missing; the next stored record is 5");
    }

    @Test
    void deletedOldestRecordsWithoutACutAreReportedMissing() throws Exception {
        appendNumbered(5);
        try (Connection c = store.connections().open()) {
            update(c, "DELETE FROM audit_event WHERE seq <= 2");
        }

        VerifyResult result = audit.verify();

        assertThat(result.problem()).isEqualTo(VerifyResult.Problem.MISSING_RECORD);
        assertThat(result.brokenAt()).isEqualTo(1);
        assertThat(result.description()).contains("records 1 to 2 are missing");
    }

    @Test
    void aRowThatIsNoLongerAnAuditRecordIsReportedUnreadable() throws Exception {
        appendNumbered(4);
        try (Connection c = store.connections().open()) {
            update(c, "UPDATE audit_event SET event_type = 'NOT_A_TYPE' WHERE seq = 3");
        }

        VerifyResult result = audit.verify();

        assertThat(result.brokenAt()).isEqualTo(3);
        assertThat(result.problem()).isEqualTo(VerifyResult.Problem.UNREADABLE);
    }

    @Test
    void anOversizedFieldIsRefusedWhenTheEventIsMadeNotInTheBatch() {
        assertThatThrownBy(() -> AuditEvent.of(AuditEventType.ADMIN_ACTION, "x".repeat(8001)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audit message is 8001 characters");
        assertThatThrownBy(() -> AuditEvent.of(AuditEventType.AUTH_FAILED, "m").withSqlstate("28P0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retentionByRowsIsRecordedInTheChainAndStillVerifies() throws Exception {
        appendNumbered(10);

        RetentionResult cut = audit.retainNewest(4, "ops").get();

        assertThat(cut).isEqualTo(new RetentionResult(6, 6, 11));
        List<AuditRecord> left = audit.query(AuditQuery.all());
        assertThat(left).extracting(AuditRecord::sequence).containsExactly(7L, 8L, 9L, 10L, 11L);
        assertThat(left.get(4).event().type()).isEqualTo(AuditEventType.RETENTION_CUT);
        assertThat(left.get(4).event().details()).contains("\"lastDeletedHash\":\"" + left.get(0).previousHash());
        assertThat(audit.verify().intact()).as(audit.verify().description()).isTrue();

        appendNumbered(3);
        assertThat(audit.retainNewest(2, "ops").get().deletedThroughSequence()).isEqualTo(12);
        VerifyResult again = audit.verify();
        assertThat(again.intact()).as(again.description()).isTrue();
        assertThat(again.firstSequence()).isEqualTo(13);
    }

    @Test
    void retentionByAgeKeepsTheNewerSuffix() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            events.add(AuditEvent.of(AuditEventType.CONNECTION_ACCEPTED, "c" + i).at(t0.plusSeconds(60L * i)));
        }
        appendAll(events);

        RetentionResult cut = audit.retainNewerThan(t0.plusSeconds(60L * 5), "ops").get();

        assertThat(cut.deletedCount()).isEqualTo(5);
        assertThat(audit.verify().intact()).isTrue();
        assertThat(audit.retainNewerThan(t0, "ops").get().cutEventSequence()).as("nothing older").isZero();
    }

    @Test
    void removingTheCutEventLeavesTheRemainingChainUnanchored() throws Exception {
        appendNumbered(6);
        long cutSeq = audit.retainNewest(3, "ops").get().cutEventSequence();
        try (Connection c = store.connections().open()) {
            update(c, "DELETE FROM audit_event WHERE seq = " + cutSeq);
        }

        VerifyResult result = audit.verify();

        assertThat(result.problem()).isEqualTo(VerifyResult.Problem.MISSING_RECORD);
    }

    @Test
    void theChainContinuesAcrossARestart() throws Exception {
        appendNumbered(3);
        store.close();
        store = location.open();
        audit = store.audit();

        assertThat(audit.append(AuditEvent.of(AuditEventType.SESSION_ENDED, "after restart")).get()).isEqualTo(4);
        assertThat(audit.verify().intact()).isTrue();
    }

    private void appendNumbered(int n) throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(AuditEvent.of(AuditEventType.ACCESS_DECIDED, "decision " + i).withUser("u" + i));
        }
        appendAll(events);
    }

    private void appendAll(List<AuditEvent> events) throws Exception {
        List<CompletableFuture<Long>> futures = events.stream().map(audit::append).toList();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
    }
}
