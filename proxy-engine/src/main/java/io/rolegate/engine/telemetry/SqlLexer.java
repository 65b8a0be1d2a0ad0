package io.rolegate.engine.telemetry;

/**
 * Marks which characters of SQL text are data (inside a literal) or a comment, the way PostgreSQL's lexer
 * ({@code src/backend/parser/scan.l}) reads them, under one setting of {@code standard_conforming_strings}. The
 * forms it knows: standard strings ('…' with '' doubled), E'…' with backslash escapes, N'…', U&amp;'…' (and its
 * UESCAPE clause), B'…' and X'…' bit strings, $tag$…$tag$ dollar quotes, quoted identifiers "…" and U&amp;"…",
 * {@code --} line comments, nested {@code /* … *}{@code /} block comments, numbers and {@code $1} parameters.
 * Anything unterminated runs to the end of the text. Never throws.
 */
final class SqlLexer {
    /** A character of code: keywords, identifiers, operators, parameters, whitespace. */
    static final byte CODE = 0;
    /** A character of a literal (string, bit string, dollar-quoted body, number), delimiters included. */
    static final byte LITERAL = 1;
    /** A character of a comment, markers included. */
    static final byte COMMENT = 2;

    private final String sql;
    private final int n;
    private final boolean backslashEscapesInPlainStrings;
    private final byte[] kinds;

    private SqlLexer(String sql, boolean standardConformingStrings) {
        this.sql = sql;
        this.n = sql.length();
        this.backslashEscapesInPlainStrings = !standardConformingStrings;
        this.kinds = new byte[n];
    }

    /**
     * One kind per character of {@code sql}.
     *
     * @param standardConformingStrings true: a backslash in '…' is an ordinary character (PostgreSQL's default);
     *                                  false: it escapes the next one, as in E'…'
     */
    static byte[] kinds(String sql, boolean standardConformingStrings) {
        SqlLexer lexer = new SqlLexer(sql, standardConformingStrings);
        lexer.scan();
        return lexer.kinds;
    }

    private void scan() {
        int i = 0;
        while (i < n) {
            i = token(i);
        }
    }

    /** Reads the token starting at {@code i}, marks it, and returns the index just past it. */
    private int token(int i) {
        char c = sql.charAt(i);
        if (c == '-' && next(i) == '-') {
            return mark(i, lineEnd(i), COMMENT);
        }
        if (c == '/' && next(i) == '*') {
            return mark(i, blockCommentEnd(i), COMMENT);
        }
        if (c == '\'') {
            return mark(i, quotedEnd(i, backslashEscapesInPlainStrings), LITERAL);
        }
        if (c == '"') {
            return quotedEnd(i, false); // an identifier: code
        }
        if (c == '$') {
            return dollar(i);
        }
        if (isDigit(c) || (c == '.' && isDigit(next(i)))) {
            return mark(i, numberEnd(i), LITERAL);
        }
        if (isIdentifierStart(c)) {
            return word(i);
        }
        return i + 1;
    }

    /** A word, or the prefix of a literal (E'…', N'…', B'…', X'…', U&amp;'…', U&amp;"…"). */
    private int word(int i) {
        char c = Character.toUpperCase(sql.charAt(i));
        char after = next(i);
        if (after == '\'') {
            switch (c) {
                case 'E':
                    return mark(i, quotedEnd(i + 1, true), LITERAL);
                case 'N':
                    return mark(i, quotedEnd(i + 1, backslashEscapesInPlainStrings), LITERAL);
                case 'B', 'X':
                    return mark(i, quotedEnd(i + 1, false), LITERAL);
                default:
                    break;
            }
        }
        if (c == 'U' && after == '&' && i + 2 < n) {
            char quote = sql.charAt(i + 2);
            if (quote == '\'') {
                // Only valid with standard_conforming_strings on; read the other way it is an error, but its
                // text must still not show through, so the setting decides here as for a plain string.
                return mark(i, quotedEnd(i + 2, backslashEscapesInPlainStrings), LITERAL);
            }
            if (quote == '"') {
                return quotedEnd(i + 2, false);
            }
        }
        int j = i + 1;
        while (j < n && isIdentifierPart(sql.charAt(j))) {
            j++;
        }
        return j;
    }

    /** {@code $1} (a parameter: code), {@code $tag$…$tag$} (a literal), or a lone dollar sign. */
    private int dollar(int i) {
        if (isDigit(next(i))) {
            int j = i + 1;
            while (j < n && isDigit(sql.charAt(j))) {
                j++;
            }
            return j;
        }
        int j = i + 1;
        if (j < n && isIdentifierStart(sql.charAt(j))) {
            j++;
            while (j < n && isIdentifierPart(sql.charAt(j)) && sql.charAt(j) != '$') {
                j++;
            }
        }
        if (j >= n || sql.charAt(j) != '$') {
            return i + 1;
        }
        String tag = sql.substring(i, j + 1);
        int close = sql.indexOf(tag, j + 1);
        return mark(i, close < 0 ? n : close + tag.length(), LITERAL);
    }

    /**
     * Index just past the quoted text whose opening quote is at {@code open}: a doubled quote stands for one, and
     * with {@code backslashEscapes} a backslash takes the next character with it.
     */
    private int quotedEnd(int open, boolean backslashEscapes) {
        char quote = sql.charAt(open);
        int i = open + 1;
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (next(i) != quote) {
                    return i + 1;
                }
                i += 2;
            } else {
                i++;
            }
        }
        return n;
    }

    private int lineEnd(int i) {
        int j = i;
        while (j < n && sql.charAt(j) != '\n' && sql.charAt(j) != '\r') {
            j++;
        }
        return j;
    }

    /** Block comments nest in PostgreSQL (unlike the SQL standard's reading of most databases). */
    private int blockCommentEnd(int i) {
        int depth = 0;
        int j = i;
        while (j < n) {
            if (sql.charAt(j) == '/' && next(j) == '*') {
                depth++;
                j += 2;
            } else if (sql.charAt(j) == '*' && next(j) == '/') {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return n;
    }

    /** Digits, a fraction, an exponent, 0x/0o/0b prefixes and _ separators: greedy, since all of it is data. */
    private int numberEnd(int i) {
        int j = i;
        while (j < n) {
            char c = sql.charAt(j);
            boolean sign = (c == '+' || c == '-') && j > i && (sql.charAt(j - 1) == 'e' || sql.charAt(j - 1) == 'E')
                    && !isHexNumber(i);
            if (isIdentifierPart(c) && c != '$' || c == '.' || sign) {
                j++;
            } else {
                break;
            }
        }
        return j;
    }

    private boolean isHexNumber(int i) {
        return i + 1 < n && sql.charAt(i) == '0' && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X');
    }

    private int mark(int from, int to, byte kind) {
        int end = Math.min(to, n);
        for (int k = from; k < end; k++) {
            kinds[k] = kind;
        }
        return end;
    }

    private char next(int i) {
        return i + 1 < n ? sql.charAt(i + 1) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** As scan.l's ident_start: letters, underscore, and any non-ASCII character. */
    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }
}
