package io.rolegate.engine.telemetry;

/**
 * Replaces the literals in SQL text with {@code ?} and the contents of comments with {@code /*?*}{@code /} (or
 * {@code --?}), so a captured statement shows its shape, never its data. Identifiers (bare and "quoted"),
 * keywords, operators and parameters ({@code $1}) stay. Never throws: an unterminated string or comment is redacted
 * to the end.
 *
 * <p>Whether a backslash in '…' escapes the next character depends on the session's
 * {@code standard_conforming_strings}, which the proxy cannot know for sure (a client may change it at any time).
 * So the text is read both ways ({@link SqlLexer}) and a character is shown only when both readings agree that it
 * is code: whichever way the server reads the statement, no character of a literal or comment shows.
 */
public final class SqlRedactor {
    /** What a literal becomes. */
    public static final String LITERAL = "?";

    private SqlRedactor() {
    }

    public static String redact(String sql) {
        byte[] standard = SqlLexer.kinds(sql, true);
        byte[] escaping = SqlLexer.kinds(sql, false);
        StringBuilder out = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        while (i < n) {
            if (isCode(standard, escaping, i)) {
                out.append(sql.charAt(i));
                i++;
                continue;
            }
            int end = i;
            boolean comment = true;
            while (end < n && !isCode(standard, escaping, end)) {
                comment &= standard[end] == SqlLexer.COMMENT && escaping[end] == SqlLexer.COMMENT;
                end++;
            }
            out.append(placeholder(sql, i, end, comment));
            i = end;
        }
        return out.toString();
    }

    private static boolean isCode(byte[] standard, byte[] escaping, int i) {
        return standard[i] == SqlLexer.CODE && escaping[i] == SqlLexer.CODE;
    }

    /** A line comment's placeholder only where a line ends after it, so it can never hide code that follows. */
    private static String placeholder(String sql, int start, int end, boolean comment) {
        if (!comment) {
            return LITERAL;
        }
        boolean lineEnds = end == sql.length() || sql.charAt(end) == '\n' || sql.charAt(end) == '\r';
        return sql.startsWith("--", start) && lineEnds ? "--?" : "/*?*/";
    }
}
