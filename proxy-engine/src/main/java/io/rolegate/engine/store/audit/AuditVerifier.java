package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditDetails;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.VerifyResult;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks {@code audit_event} in sequence order and recomputes every hash. Where retention removed the oldest
 * records, the chain is anchored at the RETENTION_CUT event that names the last deleted sequence and its hash.
 */
final class AuditVerifier {
    private static final Pattern CUT_SEQUENCE = Pattern.compile("\"deletedThroughSequence\":(\\d+)");
    private static final Pattern CUT_HASH = Pattern.compile("\"lastDeletedHash\":\"([0-9a-f]{64})\"");

    private AuditVerifier() {
    }

    /** Verifies the chain of {@code node}. */
    static VerifyResult verify(Connection c, String node) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + AuditRows.COLUMNS
                + " FROM audit_event WHERE node = ? ORDER BY seq")) {
            st.setString(1, node);
            try (ResultSet rs = st.executeQuery()) {
                return verify(c, node, rs);
            }
        }
    }

    private static VerifyResult verify(Connection c, String node, ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return VerifyResult.intact(0, 0, 0, AuditChain.GENESIS);
        }
        long first = rs.getLong(1);
        String expectedPrevious;
        if (first == 1) {
            expectedPrevious = AuditChain.GENESIS;
        } else {
            Optional<String> anchor = cutAnchor(c, node, first - 1);
            if (anchor.isEmpty()) {
                return VerifyResult.broken(0, first, 1, VerifyResult.Problem.MISSING_RECORD, "records 1 to "
                        + (first - 1) + " are missing and no retention cut accounts for them");
            }
            expectedPrevious = anchor.get();
        }
        return walk(rs, first, expectedPrevious);
    }

    private static VerifyResult walk(ResultSet rs, long first, String expectedPrevious) throws SQLException {
        long expectedSequence = first;
        long checked = 0;
        do {
            long seq = rs.getLong(1);
            if (seq != expectedSequence) {
                return VerifyResult.broken(checked, first, expectedSequence, VerifyResult.Problem.SEQUENCE_GAP,
                        "record " + expectedSequence + (seq - 1 > expectedSequence ? " to " + (seq - 1) : "")
                                + " missing; the next stored record is " + seq);
            }
            AuditRecord r;
            try {
                r = AuditRows.read(rs);
            } catch (IllegalArgumentException | NullPointerException e) {
                return VerifyResult.broken(checked, first, seq, VerifyResult.Problem.UNREADABLE,
                        "the stored row is not a valid audit record (" + e.getMessage() + ")");
            }
            if (!r.previousHash().equals(expectedPrevious)) {
                return VerifyResult.broken(checked, first, seq, VerifyResult.Problem.LINK_BROKEN,
                        "its previous-hash " + r.previousHash() + " is not the hash of the record before it ("
                                + expectedPrevious + ")");
            }
            String recomputed = AuditChain.hash(r.previousHash(), seq, r.event());
            if (!recomputed.equals(r.hash())) {
                return VerifyResult.broken(checked, first, seq, VerifyResult.Problem.HASH_MISMATCH,
                        "its content does not match its hash; the record was altered after it was written");
            }
            expectedPrevious = r.hash();
            expectedSequence++;
            checked++;
        } while (rs.next());
        return VerifyResult.intact(checked, first, expectedSequence - 1, expectedPrevious);
    }

    /** The hash a retention cut recorded for {@code deletedThrough}, if such a cut event is still stored. */
    private static Optional<String> cutAnchor(Connection c, String node, long deletedThrough) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT details FROM audit_event WHERE node = ? AND event_type"
                + " = '" + AuditEventType.RETENTION_CUT.name() + "' ORDER BY seq DESC")) {
            st.setString(1, node);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String details = rs.getString(1);
                    Matcher seq = CUT_SEQUENCE.matcher(details);
                    Matcher hash = CUT_HASH.matcher(details);
                    if (seq.find() && hash.find() && Long.parseLong(seq.group(1)) == deletedThrough) {
                        return Optional.of(hash.group(1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The details text of a cut event, in the form {@link #cutAnchor} reads back. */
    static String cutDetails(long deletedThrough, String lastDeletedHash, long deletedCount, String policy) {
        return AuditDetails.create()
                .put("deletedThroughSequence", deletedThrough)
                .put("lastDeletedHash", lastDeletedHash)
                .put("deletedCount", deletedCount)
                .put("policy", policy)
                .toJson();
    }
}
