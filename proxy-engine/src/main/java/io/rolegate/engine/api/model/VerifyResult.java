package io.rolegate.engine.api.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of walking the chain and comparing it with the checkpoints kept outside the store
 * ({@link AuditAnchors}). When intact, {@code lastSequence} and {@code headHash} identify the newest record;
 * {@code notes} say what the check could not cover (no checkpoint yet, records newer than the last checkpoint).
 */
public record VerifyResult(boolean intact, long recordsChecked, long firstSequence, long lastSequence, String headHash,
                           Long brokenAt, Problem problem, String description, List<String> notes) {

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
        UNREADABLE,
        /** A checkpoint saw the chain reach a sequence the store no longer holds: the tail was cut off. */
        TRUNCATED,
        /** The record at a checkpoint's sequence has another hash than the checkpoint saw: rewritten since. */
        CHECKPOINT_DIFFERS,
        /** A checkpoint's MAC is wrong (forged, edited, or from another master key) or the line is unreadable. */
        CHECKPOINT_FORGED
    }

    public VerifyResult {
        notes = List.copyOf(notes);
    }

    /** The form before checkpoints existed (no notes); kept for callers built against it. */
    public VerifyResult(boolean intact, long recordsChecked, long firstSequence, long lastSequence, String headHash,
                        Long brokenAt, Problem problem, String description) {
        this(intact, recordsChecked, firstSequence, lastSequence, headHash, brokenAt, problem, description, List.of());
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

    /** This result with one more note. */
    public VerifyResult withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new VerifyResult(intact, recordsChecked, firstSequence, lastSequence, headHash, brokenAt, problem,
                description, more);
    }
}
