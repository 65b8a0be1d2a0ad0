package io.rolegate.engine.api;

import io.rolegate.engine.api.model.Json;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/** The JSON Lines of a recording's export: field names in the DBA's words, times in ISO-8601 UTC. */
final class RecordingJson {
    private RecordingJson() {
    }

    static String recording(Recording r) {
        return "{\"kind\":\"recording\",\"recording\":" + r.id()
                + ",\"session\":" + r.sessionId()
                + ",\"user\":" + Json.quote(r.user())
                + ",\"directoryDn\":" + Json.quote(r.directoryDn())
                + ",\"roles\":[" + r.roles().stream().map(Json::quote).collect(Collectors.joining(",")) + "]"
                + ",\"client\":" + Json.quote(r.clientAddress())
                + ",\"application\":" + Json.quote(r.applicationName())
                + ",\"database\":" + Json.quote(r.database())
                + ",\"started\":" + time(r.started())
                + ",\"ended\":" + time(r.ended())
                + ",\"reason\":" + Json.quote(r.reason())
                + ",\"capture\":" + Json.quote(r.capture())
                + ",\"statements\":" + r.statements()
                + ",\"errors\":" + r.errors()
                + ",\"dropped\":" + r.dropped() + "}\n";
    }

    static String statement(Recording r, RecordedStatement s) {
        return "{\"kind\":\"statement\",\"recording\":" + r.id()
                + ",\"session\":" + r.sessionId()
                + ",\"user\":" + Json.quote(r.user())
                + ",\"n\":" + s.ordinal()
                + ",\"started\":" + time(s.started())
                + ",\"durationMicros\":" + s.durationMicros()
                + ",\"statement\":" + Json.quote(s.text())
                + ",\"protocol\":" + Json.quote(s.protocol())
                + ",\"command\":" + Json.quote(s.command())
                + ",\"rows\":" + (s.rows() == null ? "null" : s.rows().toString())
                + ",\"sqlstate\":" + Json.quote(s.sqlState())
                + ",\"error\":" + Json.quote(s.error())
                + ",\"transaction\":" + s.transaction()
                + ",\"boundary\":" + (s.boundary() == null ? "null" : Json.quote(s.boundary().name()))
                + ",\"failedTransaction\":" + s.failedTransaction() + "}\n";
    }

    private static String time(Instant t) {
        return t == null ? "null" : Json.quote(DateTimeFormatter.ISO_INSTANT.format(t));
    }
}
