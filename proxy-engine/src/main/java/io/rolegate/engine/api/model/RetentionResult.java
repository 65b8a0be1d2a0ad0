package io.rolegate.engine.api.model;

/**
 * What a retention run removed; {@code cutEventSequence} is 0 when nothing was old enough to remove.
 * {@code recordedStatementsDeleted}: statements of session recordings older than the cut, removed with it.
 */
public record RetentionResult(long deletedCount, long deletedThroughSequence, long cutEventSequence,
                              long recordedStatementsDeleted) {
    public RetentionResult(long deletedCount, long deletedThroughSequence, long cutEventSequence) {
        this(deletedCount, deletedThroughSequence, cutEventSequence, 0);
    }
}
