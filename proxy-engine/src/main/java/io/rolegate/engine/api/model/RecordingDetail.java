package io.rolegate.engine.api.model;

import java.util.List;
import java.util.Objects;

/** One recorded session with its statements in the order the server ran them (what a reader opens). */
public record RecordingDetail(Recording recording, List<RecordedStatement> statements) {
    public RecordingDetail {
        Objects.requireNonNull(recording, "recording");
        statements = List.copyOf(statements);
    }
}
