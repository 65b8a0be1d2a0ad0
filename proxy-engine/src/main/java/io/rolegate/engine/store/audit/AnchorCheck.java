package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.VerifyResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Compares an intact chain with the checkpoints kept outside the store. A chain can be cut short or rewritten and
 * re-hashed so that it still links up; what it cannot do without the master key is agree with a checkpoint taken
 * before the change. Reports the first checkpoint (in file order) that is forged, or that the chain no longer
 * reaches, or whose sequence now has another hash.
 */
final class AnchorCheck {
    static final String NO_CHECKPOINT = "no checkpoint yet";

    private AnchorCheck() {
    }

    /**
     * @param entries read from the file before the chain was read, so every checkpoint in them was taken of a
     *                chain at least as long as the one walked (a checkpoint written meanwhile is not among them)
     */
    static VerifyResult check(Connection c, String node, VerifyResult chain, List<AuditAnchors.Entry> entries,
                              AuditAnchors anchors) throws SQLException {
        if (!chain.intact()) {
            return chain;
        }
        if (entries.isEmpty()) {
            return chain.withNote(NO_CHECKPOINT + " in " + anchors.file() + " (a data directory from before"
                    + " checkpoints, or a new one): only the chain's own links were checked; the engine writes one"
                    + " at start, every minute while the chain grows, and at shutdown");
        }
        AuditAnchor lastMatching = null;
        long beforeRetention = 0;
        try (PreparedStatement hashAt = c.prepareStatement("SELECT hash FROM audit_event WHERE node = ? AND seq = ?")) {
            hashAt.setString(1, node);
            for (AuditAnchors.Entry entry : entries) {
                String where = "the checkpoint on line " + entry.line() + " of " + anchors.file();
                if (entry.anchor() == null) {
                    return refused(chain, 0, VerifyResult.Problem.CHECKPOINT_FORGED, where + " cannot be read ("
                            + entry.unreadable() + "); it was damaged or written by hand");
                }
                AuditAnchor anchor = entry.anchor();
                if (!anchors.genuine(anchor)) {
                    return refused(chain, anchor.sequence(), VerifyResult.Problem.CHECKPOINT_FORGED, where + " ("
                            + anchor.describe() + ") has a wrong MAC: it was forged or edited, or written under"
                            + " another master key");
                }
                if (anchor.sequence() > chain.lastSequence()) {
                    long from = chain.lastSequence() + 1;
                    return refused(chain, from, VerifyResult.Problem.TRUNCATED, (anchor.sequence() > from
                            ? "records " + from + " to " + anchor.sequence() + " are" : "record " + from + " is")
                            + " missing: "
                            + where + " saw the chain reach " + anchor.describe() + ", but it now ends at sequence "
                            + chain.lastSequence() + "; the tail was cut off");
                }
                if (anchor.sequence() < chain.firstSequence() || anchor.sequence() == 0) {
                    beforeRetention++; // that part of the chain was removed by a recorded retention cut
                    continue;
                }
                String stored = hashAt(hashAt, anchor.sequence());
                if (!anchor.headHash().equals(stored)) {
                    return refused(chain, anchor.sequence(), VerifyResult.Problem.CHECKPOINT_DIFFERS, "record "
                            + anchor.sequence() + " has hash " + stored + ", but " + where + " saw "
                            + anchor.describe() + ": records " + since(lastMatching, chain) + " to "
                            + anchor.sequence() + " were rewritten after it (or the tail was cut and written anew)");
                }
                if (lastMatching == null || anchor.sequence() > lastMatching.sequence()) {
                    lastMatching = anchor;
                }
            }
        }
        return matched(chain, entries.size(), beforeRetention, lastMatching, anchors);
    }

    private static VerifyResult matched(VerifyResult chain, int count, long beforeRetention, AuditAnchor newest,
                                        AuditAnchors anchors) {
        VerifyResult result = chain;
        if (newest != null) {
            result = result.withNote(count + " checkpoint(s) in " + anchors.file() + " agree with the chain; the"
                    + " newest saw " + newest.describe()
                    + (newest.sequence() < chain.lastSequence() ? "; records " + (newest.sequence() + 1) + " to "
                    + chain.lastSequence() + " are newer than any checkpoint and rest on the chain alone" : ""));
        }
        if (beforeRetention > 0) {
            result = result.withNote(beforeRetention + " checkpoint(s) are older than the oldest kept record"
                    + " (removed by a recorded retention cut) and were not compared");
        }
        return result;
    }

    /** Where a rewrite may have started: just after the newest checkpoint that still agrees, else the oldest. */
    private static String since(AuditAnchor lastMatching, VerifyResult chain) {
        return Long.toString(lastMatching == null ? chain.firstSequence() : lastMatching.sequence() + 1);
    }

    private static String hashAt(PreparedStatement hashAt, long sequence) throws SQLException {
        hashAt.setLong(2, sequence);
        try (ResultSet rs = hashAt.executeQuery()) {
            return rs.next() ? rs.getString(1).trim() : null;
        }
    }

    private static VerifyResult refused(VerifyResult chain, long at, VerifyResult.Problem problem,
                                        String description) {
        return new VerifyResult(false, chain.recordsChecked(), chain.firstSequence(), chain.lastSequence(), null,
                at, problem, description, chain.notes());
    }
}
