package io.rolegate.engine.provisioning;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Turning directory names into PostgreSQL role names, and quoting them for SQL. */
public final class RoleNames {
    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_BYTES = 63;

    private RoleNames() {
    }

    /**
     * The managed login role for a directory user name: lower-cased (directories compare names without case,
     * PostgreSQL with case), validated. Throws {@link IllegalArgumentException} with a DBA-readable reason.
     */
    public static String forUser(String username) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("the directory user name is empty");
        }
        String name = username.strip().toLowerCase(Locale.ROOT);
        check(name);
        return name;
    }

    /** Validates a role name as given (mapped roles keep their exact case). */
    public static String check(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a role name is empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("role name \"" + name + "\" is longer than " + MAX_BYTES + " bytes");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("role name \"" + name.replaceAll("\\p{Cntrl}", "?")
                        + "\" contains a control character");
            }
        }
        if (name.startsWith("pg_")) {
            throw new IllegalArgumentException("role name \"" + name + "\" uses the reserved prefix pg_");
        }
        return name;
    }

    /** A quoted identifier: any name, any case, safe in SQL. */
    public static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A quoted string literal (standard_conforming_strings is on in every supported PostgreSQL). */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
