package io.rolegate.engine.api.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One thing worth remembering, before the log gives it a sequence and a hash. Optional fields are null when they do
 * not apply (a watcher event has no client). {@code details} is a small JSON object as text (see
 * {@link AuditDetails}); it must never carry a secret.
 *
 * <p>Time is cut to microseconds because that is what the database keeps; hashing the nanoseconds the JVM saw would
 * make every record fail verification after a round trip.
 */
public record AuditEvent(AuditEventType type, Instant time, String actor, String user, String sessionId,
                         String clientAddress, String sqlstate, String message, String details) {

    public AuditEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MICROS);
        details = details == null || details.isBlank() ? "{}" : details;
        if (sqlstate != null && sqlstate.length() != 5) {
            throw new IllegalArgumentException("a SQLSTATE has five characters: " + sqlstate);
        }
        // Checked here, against the column sizes, so an oversized field fails its caller at once instead of failing
        // the whole group-committed batch it would have shared with other sessions' events.
        fits("actor", actor, 512);
        fits("user", user, 512);
        fits("sessionId", sessionId, 64);
        fits("clientAddress", clientAddress, 128);
        fits("message", message, 8000);
        fits("details", details, 32000);
    }

    private static void fits(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException("audit " + field + " is " + value.length() + " characters; at most "
                    + max + " are stored");
        }
    }

    /** An event happening now, with every optional field empty; fill them with the {@code with...} methods. */
    public static AuditEvent of(AuditEventType type, String message) {
        return new AuditEvent(type, Instant.now(), null, null, null, null, null, message, "{}");
    }

    public AuditEvent at(Instant t) {
        return new AuditEvent(type, t, actor, user, sessionId, clientAddress, sqlstate, message, details);
    }

    /** Who did it: the engine itself, or an admin's directory identity for console and API actions. */
    public AuditEvent withActor(String a) {
        return new AuditEvent(type, time, a, user, sessionId, clientAddress, sqlstate, message, details);
    }

    /** Whose access it concerns (the database user name the client asked for). */
    public AuditEvent withUser(String u) {
        return new AuditEvent(type, time, actor, u, sessionId, clientAddress, sqlstate, message, details);
    }

    public AuditEvent withSessionId(String s) {
        return new AuditEvent(type, time, actor, user, s, clientAddress, sqlstate, message, details);
    }

    public AuditEvent withClientAddress(String c) {
        return new AuditEvent(type, time, actor, user, sessionId, c, sqlstate, message, details);
    }

    public AuditEvent withSqlstate(String s) {
        return new AuditEvent(type, time, actor, user, sessionId, clientAddress, s, message, details);
    }

    public AuditEvent withDetails(String jsonObject) {
        return new AuditEvent(type, time, actor, user, sessionId, clientAddress, sqlstate, message, jsonObject);
    }

    public AuditEvent withDetails(AuditDetails d) {
        return withDetails(d.toJson());
    }
}
