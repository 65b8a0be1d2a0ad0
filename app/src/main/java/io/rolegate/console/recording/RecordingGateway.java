package io.rolegate.console.recording;

import io.rolegate.console.login.ConsoleUser;
import io.rolegate.engine.api.SessionRecordings;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingQuery;

import java.io.Writer;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the Recording view asks of the engine, in the name of the person logged in now: the engine decides whether
 * they are an auditor and records every read. Blocking: call from background tasks. A fake in view-model tests.
 */
public interface RecordingGateway {
    List<Recording> search(RecordingQuery query);

    List<RecordedStatement> statements(long recordingId);

    /** Writes the recording as JSON Lines; returns the statements written. */
    long export(long recordingId, Writer out);

    static RecordingGateway of(SessionRecordings recordings, Supplier<ConsoleUser> user) {
        return new RecordingGateway() {
            @Override
            public List<Recording> search(RecordingQuery query) {
                return recordings.search(query, user.get().identity());
            }

            @Override
            public List<RecordedStatement> statements(long recordingId) {
                return recordings.statements(recordingId, user.get().identity());
            }

            @Override
            public long export(long recordingId, Writer out) {
                return recordings.export(recordingId, out, user.get().identity());
            }
        };
    }
}
