package io.rolegate.engine.api.model;

import java.time.Instant;

/**
 * Which recordings to list: live at some moment in [since, until), of one user (the login role) and holding one
 * role, with at least one statement whose text contains {@code text} (case does not matter: "payroll" finds
 * {@code UPDATE Payroll.salaries …}) and one that failed with {@code sqlState} (a class such as "23" matches every
 * SQLSTATE in it). Null or empty means "any"; limit 0 means no limit. Newest first.
 */
public record RecordingQuery(Instant since, Instant until, String user, String role, String text, String sqlState,
                             int limit) {
    public RecordingQuery {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (none) or positive: " + limit);
        }
        user = blankAsNull(user);
        role = blankAsNull(role);
        text = blankAsNull(text);
        sqlState = blankAsNull(sqlState);
        if (sqlState != null && !sqlState.matches("[0-9A-Za-z]{1,5}")) {
            throw new IllegalArgumentException("a SQLSTATE is five letters or digits (or its first two, the class): "
                    + sqlState);
        }
    }

    private static String blankAsNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public static RecordingQuery all() {
        return new RecordingQuery(null, null, null, null, null, null, 0);
    }

    public RecordingQuery since(Instant t) {
        return new RecordingQuery(t, until, user, role, text, sqlState, limit);
    }

    public RecordingQuery until(Instant t) {
        return new RecordingQuery(since, t, user, role, text, sqlState, limit);
    }

    public RecordingQuery user(String u) {
        return new RecordingQuery(since, until, u, role, text, sqlState, limit);
    }

    public RecordingQuery role(String r) {
        return new RecordingQuery(since, until, user, r, text, sqlState, limit);
    }

    public RecordingQuery text(String t) {
        return new RecordingQuery(since, until, user, role, t, sqlState, limit);
    }

    public RecordingQuery sqlState(String s) {
        return new RecordingQuery(since, until, user, role, text, s, limit);
    }

    public RecordingQuery limit(int n) {
        return new RecordingQuery(since, until, user, role, text, sqlState, n);
    }
}
