package io.rolegate.engine.api.model;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Filters for reading the audit log. Null or empty means "any". {@code since} is inclusive, {@code until}
 * exclusive; {@code text} matches message or details, case-insensitively, as a plain substring.
 */
public record AuditQuery(Instant since, Instant until, String user, Set<AuditEventType> types, String text, int limit,
                         boolean newestFirst) {
    public static final int NO_LIMIT = 0;

    public AuditQuery {
        types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (none) or positive: " + limit);
        }
    }

    /** Everything, oldest first: the order exports and incident reviews read in. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, Set.of(), null, NO_LIMIT, false);
    }

    public AuditQuery since(Instant t) {
        return new AuditQuery(t, until, user, types, text, limit, newestFirst);
    }

    public AuditQuery until(Instant t) {
        return new AuditQuery(since, t, user, types, text, limit, newestFirst);
    }

    public AuditQuery user(String u) {
        return new AuditQuery(since, until, u, types, text, limit, newestFirst);
    }

    public AuditQuery types(Set<AuditEventType> t) {
        return new AuditQuery(since, until, user, t, text, limit, newestFirst);
    }

    public AuditQuery type(AuditEventType t) {
        return types(Set.of(t));
    }

    public AuditQuery text(String t) {
        return new AuditQuery(since, until, user, types, t, limit, newestFirst);
    }

    public AuditQuery limit(int n) {
        return new AuditQuery(since, until, user, types, text, n, newestFirst);
    }

    /** Newest first, as the console's history view shows it. */
    public AuditQuery newestFirstOrder() {
        return new AuditQuery(since, until, user, types, text, limit, true);
    }
}
