package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one event schema: identity, database, decision and reason lifted out of the details; ids stable. */
class AuditEventJsonTest {
    private static final String HASH = "ab".repeat(32);

    private static AuditRecord record(AuditEvent e) {
        return new AuditRecord(7, e, AuditChain.GENESIS, HASH, "edge-1");
    }

    @Test
    void theDirectoryIdentityDatabaseAndReasonAreLiftedOutOfTheDetails() {
        AuditEvent e = AuditEvent.of(AuditEventType.ACCESS_DECIDED, "granted").at(Instant.parse("2026-12-07T01:02:03Z"))
                .withUser("alice").withSessionId("12").withClientAddress("10.0.0.5:50000")
                .withDetails(AuditDetails.create().put("role", "alice").put("database", "sales")
                        .put("directory_dn", "uid=alice,ou=people,dc=example,dc=org")
                        .put("groups", List.of("cn=dba,ou=groups,dc=example,dc=org"))
                        .put("roles", List.of("dba_role")).put("reason", "mapped"));

        String json = AuditEventJson.toJson(record(e));

        assertThat(json).startsWith("{\"schema\":\"rolegate.audit.v1\",\"eventId\":\"edge-1:7:abababababababab\","
                + "\"seq\":7,\"time\":\"2026-12-07T01:02:03Z\",\"type\":\"ACCESS_DECIDED\",\"node\":\"edge-1\","
                + "\"identity\":{\"user\":\"alice\",\"dn\":\"uid=alice,ou=people,dc=example,dc=org\","
                + "\"groups\":[\"cn=dba,ou=groups,dc=example,dc=org\"],\"roles\":[\"dba_role\"]},"
                + "\"actor\":null,\"sessionId\":\"12\",\"clientAddress\":\"10.0.0.5:50000\",\"database\":\"sales\","
                + "\"decision\":\"allow\",\"reason\":\"mapped\",\"sqlstate\":null,\"message\":\"granted\","
                + "\"details\":{\"role\":\"alice\",\"database\":\"sales\",");
        assertThat(AuditEventJson.eventId(record(e))).isEqualTo("edge-1:7:abababababababab");
    }

    @Test
    void theSameSequenceOnTwoNodesChainsGivesTwoIdsAndTheUnadoptedChainNone() {
        AuditEvent e = AuditEvent.of(AuditEventType.AUTH_FAILED, "bad password")
                .at(Instant.parse("2026-12-07T01:02:03Z"));

        assertThat(AuditEventJson.eventId(new AuditRecord(7, e, AuditChain.GENESIS, HASH, "edge-2")))
                .isEqualTo("edge-2:7:abababababababab").isNotEqualTo(AuditEventJson.eventId(record(e)));
        // a record of the chain from before fleets that no node adopted yet (a reader's export): no node
        AuditRecord legacy = new AuditRecord(7, e, AuditChain.GENESIS, HASH);
        assertThat(AuditEventJson.eventId(legacy)).isEqualTo("7:abababababababab");
        assertThat(AuditEventJson.toJson(legacy)).contains("\"node\":null,");
    }

    @Test
    void detailsThatAreNotAFlatObjectAreKeptWholeAsText() {
        AuditEvent e = AuditEvent.of(AuditEventType.CONFIG_CHANGED, "x").withDetails("{\"a\":{\"nested\":1}}");

        assertThat(AuditEventJson.toJson(record(e)))
                .contains("\"details\":{\"text\":\"{\\\"a\\\":{\\\"nested\\\":1}}\"}", "\"decision\":null");
    }

    @Test
    void everyTypeHasADecisionOrNone() {
        assertThat(AuditEventJson.decision(AuditEventType.AUTH_FAILED)).isEqualTo("deny");
        assertThat(AuditEventJson.decision(AuditEventType.CONNECTION_REJECTED)).isEqualTo("deny");
        assertThat(AuditEventJson.decision(AuditEventType.REVOCATION)).isEqualTo("revoke");
        assertThat(AuditEventJson.decision(AuditEventType.SESSION_ENDED)).isEqualTo("end");
        assertThat(AuditEventJson.decision(AuditEventType.EXPORT_GAP)).isNull();
    }
}
