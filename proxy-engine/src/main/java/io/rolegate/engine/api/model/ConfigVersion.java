package io.rolegate.engine.api.model;

import java.time.Instant;

/**
 * One saved configuration: the YAML exactly as given, who saved it and why, and the diff from the version before
 * (empty for version 1, whose whole text is the change).
 */
public record ConfigVersion(int version, Instant createdAt, String author, String comment, String yaml,
                            String diffFromPrevious) {
}
