package io.rolegate.engine.api.model;

/**
 * The outcome of walking the chain. When intact, {@code lastSequence} and {@code headHash} identify the newest
 * record: note them somewhere else (a ticket, a SIEM) and a later truncation of the tail becomes detectable too.
 */
public record VerifyResult(boolean intact, long recordsChecked, long firstSequence, long lastSequence, String headHash,
                           Long brokenAt, Problem problem, String description) {

    public enum Problem {
        /** The record's content no longer matches its stored hash: it was edited. */
        HASH_MISMATCH,
        /** The record's previous-hash does not match the record before it: one was replaced or reordered. */
        LINK_BROKEN,
        /** Sequence numbers jump: records in between were deleted. */
        SEQUENCE_GAP,
        /** The oldest records are gone and no retention cut accounts for them. */
        MISSING_RECORD,
        /** A stored value cannot be read back as an audit record at all. */
        UNREADABLE
    }

    public static VerifyResult intact(long checked, long first, long last, String head) {
        return new VerifyResult(true, checked, first, last, head, null, null,
                checked == 0 ? "the audit log is empty" : "chain intact: " + checked + " records, sequence " + first
                        + " to " + last + ", head " + head);
    }

    public static VerifyResult broken(long checked, long first, long at, Problem problem, String description) {
        return new VerifyResult(false, checked, first, at, null, at, problem,
                "chain broken at sequence " + at + ": " + description);
    }
}
