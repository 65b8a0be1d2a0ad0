package io.rolegate.engine.api.model;

/** What a retention run removed; {@code cutEventSequence} is 0 when nothing was old enough to remove. */
public record RetentionResult(long deletedCount, long deletedThroughSequence, long cutEventSequence) {
}
