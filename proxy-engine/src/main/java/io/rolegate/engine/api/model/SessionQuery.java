package io.rolegate.engine.api.model;

import java.time.Instant;

/**
 * Which sessions to list: those live at some moment in [since, until), optionally of one user, newest end first.
 * Null means unbounded; limit 0 means no limit.
 */
public record SessionQuery(Instant since, Instant until, String user, int limit) {
    public SessionQuery {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (none) or positive: " + limit);
        }
    }

    public static SessionQuery all() {
        return new SessionQuery(null, null, null, 0);
    }

    public SessionQuery since(Instant t) {
        return new SessionQuery(t, until, user, limit);
    }

    public SessionQuery until(Instant t) {
        return new SessionQuery(since, t, user, limit);
    }

    public SessionQuery user(String u) {
        return new SessionQuery(since, until, u, limit);
    }

    public SessionQuery limit(int n) {
        return new SessionQuery(since, until, user, n);
    }
}
