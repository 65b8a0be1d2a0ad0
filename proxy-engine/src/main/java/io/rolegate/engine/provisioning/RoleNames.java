package io.rolegate.engine.provisioning;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Turning directory names into PostgreSQL role names, and quoting them for SQL. */
public final class RoleNames {
    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_BYTES = 63;

    private RoleNames() {
    }

    /** Names PostgreSQL refuses for a role (CREATE ROLE "public" fails) or that mean something else in SQL. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("public", "none", "current_user",
            "current_role", "session_user");

    /**
     * The managed login role for a directory entry, from its user-name attribute ({@code uid}, {@code
     * sAMAccountName}): Unicode NFKC, then lower case (locale-independent), then NFKC again, surrounding white space
     * removed. So {@code Alice}, {@code ALICE} and {@code alice} are one role, and so are {@code Kim} and
     * {@code \u212Aim} (KELVIN SIGN): two entries that fold to one name are told apart by the entry each role is
     * bound to, never merged. The result is checked against PostgreSQL's rules for a role name; throws
     * {@link IllegalArgumentException} with a DBA-readable reason when it breaks one.
     */
    public static String forUser(String username) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("the directory user name is empty");
        }
        String name = fold(username);
        check(name);
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || (Character.isWhitespace(c) && c != ' ') || (type == Character.SPACE_SEPARATOR && c != ' ')) {
                throw new IllegalArgumentException("the directory user name \"" + printable(username) + "\" contains"
                        + " the invisible or unusual character U+" + String.format("%04X", c) + "; rename the entry");
            }
            i += Character.charCount(c);
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("role name \"" + name + "\" is reserved in PostgreSQL");
        }
        return name;
    }

    /**
     * The folding {@link #forUser} applies, without its checks: NFKC, lower case, NFKC, stripped. Idempotent. Used
     * to compare names a client typed with role names (which spellings lead to one entry's cached answer).
     */
    public static String fold(String name) {
        String folded = name;
        // lower-casing a few letters (e.g. U+0130) yields what NFKC or lower case change again: repeat to a fixpoint
        for (int round = 0; round < 4; round++) {
            String once = java.text.Normalizer.normalize(folded, java.text.Normalizer.Form.NFKC)
                    .toLowerCase(Locale.ROOT);
            String next = java.text.Normalizer.normalize(once, java.text.Normalizer.Form.NFKC).strip();
            if (next.equals(folded)) {
                return next;
            }
            folded = next;
        }
        return folded;
    }

    /**
     * Whether {@code username} is written as its role name is, up to ASCII-style case: already in NFKC, so no
     * compatibility character (U+212A KELVIN SIGN, full-width letters, ligatures) stands in for another. Only such
     * an entry may take over a managed role that existed before Rolegate recorded which entry owns which role.
     */
    public static boolean plainlyNamed(String username, String role) {
        return java.text.Normalizer.isNormalized(username.strip(), java.text.Normalizer.Form.NFKC)
                && username.strip().toLowerCase(Locale.ROOT).equals(role);
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
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
