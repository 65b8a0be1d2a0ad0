package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.SessionRecordings;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingDetail;
import io.rolegate.engine.api.model.RecordingQuery;

import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The session recordings of a remote engine, through its auditor routes ({@code GET /recordings…}, decision 0031):
 * the engine decides each read by {@code who}'s token and audits it.
 */
final class RemoteRecordings implements SessionRecordings {
    private final ApiCalls calls;

    RemoteRecordings(ApiCalls calls) {
        this.calls = calls;
    }

    @Override
    public List<Recording> search(RecordingQuery q, ConsoleIdentity who) {
        List<String> params = new ArrayList<>();
        add(params, "since", q.since() == null ? null : q.since().toString());
        add(params, "until", q.until() == null ? null : q.until().toString());
        add(params, "user", q.user());
        add(params, "role", q.role());
        add(params, "text", q.text());
        add(params, "sqlstate", q.sqlState());
        params.add("limit=" + (q.limit() == 0 ? 1000 : Math.min(q.limit(), 1000))); // the API answers 1000 at most
        return ApiJson.answer(calls.get("/recordings?" + String.join("&", params), who.token()),
                new ApiJson.JavaTypeRef<List<Recording>>() { });
    }

    private static void add(List<String> params, String name, String value) {
        if (value != null && !value.isEmpty()) {
            params.add(name + "=" + ApiCalls.encode(value));
        }
    }

    @Override
    public List<RecordedStatement> statements(long id, ConsoleIdentity who) {
        try {
            return ApiJson.answer(calls.get("/recordings/" + id, who.token()),
                    new ApiJson.JavaTypeRef<RecordingDetail>() { }).statements();
        } catch (ApiCalls.NotFound gone) {
            return List.of();
        }
    }

    @Override
    public long export(long id, Writer out, ConsoleIdentity who) {
        // the first line is the recording itself; the count is of statements, as the in-process export's
        return Math.max(0, calls.streamLines("/recordings/" + id + "/export", who.token(), out) - 1);
    }
}
