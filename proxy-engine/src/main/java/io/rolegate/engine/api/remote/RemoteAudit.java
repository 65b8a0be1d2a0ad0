package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.AuditHistory;
import io.rolegate.engine.api.EngineAudit;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.VerifyResult;

import java.io.Writer;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The audit history of a remote engine: {@code GET /audit}, {@code /audit/count}, {@code /newest}, {@code /verify},
 * {@code /export} (streamed).
 */
final class RemoteAudit implements AuditHistory {
    private final ApiCalls calls;
    private final Supplier<String> token;

    RemoteAudit(ApiCalls calls, Supplier<String> token) {
        this.calls = calls;
        this.token = token;
    }

    @Override
    public List<AuditRecord> page(AuditQuery query, Long beforeSequence, int pageSize) {
        String q = filters(query) + "&limit=" + pageSize + (beforeSequence == null ? "" : "&before=" + beforeSequence);
        return ApiJson.answer(calls.get("/audit?" + q, token.get()), new ApiJson.JavaTypeRef<List<AuditRecord>>() { });
    }

    @Override
    public long count(AuditQuery query) {
        return ApiJson.answer(calls.get("/audit/count?" + filters(query), token.get()),
                new ApiJson.JavaTypeRef<Bodies.Count>() { }).count();
    }

    @Override
    public long lastSequence() {
        return ApiJson.answer(calls.get("/audit/newest", token.get()),
                new ApiJson.JavaTypeRef<Bodies.Newest>() { }).sequence();
    }

    @Override
    public VerifyResult verify() {
        return ApiJson.answer(calls.get("/audit/verify", token.get()), new ApiJson.JavaTypeRef<VerifyResult>() { });
    }

    /** {@code destination} stays here: the engine records "API" and this client's address as where it went. */
    @Override
    public void export(AuditQuery query, EngineAudit.Format format, Writer out, ConsoleIdentity who,
                       String destination) {
        String f = "format=" + (format == EngineAudit.Format.CSV ? "csv" : "jsonl");
        String filters = filters(query);
        calls.stream("/audit/export?" + f + (filters.isEmpty() ? "" : "&" + filters), who.token(), out);
    }

    private static String filters(AuditQuery q) {
        StringBuilder b = new StringBuilder();
        add(b, "since", q.since() == null ? null : q.since().toString());
        add(b, "until", q.until() == null ? null : q.until().toString());
        add(b, "user", q.user());
        add(b, "text", q.text());
        if (q.types() != null && !q.types().isEmpty()) {
            add(b, "type", q.types().stream().map(AuditEventType::name).sorted().collect(Collectors.joining(",")));
        }
        return b.toString();
    }

    private static void add(StringBuilder b, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        b.append(b.length() == 0 ? "" : "&").append(name).append('=').append(ApiCalls.encode(value));
    }
}
