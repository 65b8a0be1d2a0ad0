package io.rolegate.engine.telemetry;

/**
 * Replaces the literals in SQL text with {@code ?} so a captured query shows its shape, not its data: quoted
 * strings ('…', E'…', $tag$…$tag$), numbers, and nothing else. Identifiers ("…" and bare words), comments and
 * parameters ($1) are kept. Never throws: malformed SQL (an unterminated string) is redacted to its end.
 */
public final class SqlRedactor {
    private SqlRedactor() {
    }

    public static String redact(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\''
                    && !wordBefore(sql, i))) {
                i = skipQuoted(sql, c == '\'' ? i : i + 1);
                out.append('?');
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                i = end < 0 ? n : end + tag.length();
                out.append('?');
            } else if (c == '"') {
                int end = sql.indexOf('"', i + 1);
                int stop = end < 0 ? n : end + 1;
                out.append(sql, i, stop);
                i = stop;
            } else if (Character.isDigit(c) && !wordBefore(sql, i) && !(i > 0 && sql.charAt(i - 1) == '$')) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                out.append('?');
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                int stop = end < 0 ? n : end;
                out.append(sql, i, stop);
                i = stop;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Index just past a '…' literal starting at {@code quote}; '' inside is an escaped quote. */
    private static int skipQuoted(String sql, int quote) {
        int i = quote + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == '\\' && i + 1 < sql.length()) {
                i += 2; // E'…' escapes; harmless for standard strings (a backslash is then literal anyway)
                continue;
            }
            if (sql.charAt(i) == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** {@code $tag$} or {@code $$} at {@code i}, or null when it is a parameter like $1. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_'
                || (j > i + 1 && Character.isDigit(sql.charAt(j))))) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }

    private static boolean wordBefore(String sql, int i) {
        return i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_');
    }
}
