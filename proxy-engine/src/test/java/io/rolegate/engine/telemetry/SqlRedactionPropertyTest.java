package io.rolegate.engine.telemetry;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 7: statements mixing every string form PostgreSQL accepts, each holding a secret full of quotes,
 * backslashes, dollar signs and comment markers, written as a client would write them for either setting of
 * {@code standard_conforming_strings}. No secret may survive redaction.
 */
class SqlRedactionPropertyTest {
    private static final List<String> HOSTILE = List.of("'", "''", "\\", "\\'", "\\\\", "$", "$$", "$q$", "$1",
            "--", "/*", "*/", "\"", "E'", "U&'", "B'", ";", " ", "\n", "\r", "\t", "é", "'||'", "*", "/", "-");
    private static final List<String> CODE = List.of("SELECT ", ", ", " FROM t ", " WHERE a = ", "$1", " col$1 ",
            "\"we\"\"ird'$--/*\" ", "::text", "\n", " (", ") ", " x ", "U&\"c\\0061t\" ", "e", "E", "U&", " AND ");

    enum Form { STANDARD, NATIONAL, ESCAPED, UNICODE, DOLLAR, LINE_COMMENT, BLOCK_COMMENT, NESTED_COMMENT, BITS,
        HEX, NUMBER }

    /** One literal or comment: the form, and the secret it carries around a marker that must not show. */
    record Secret(Form form, String before, String marker, String after) {
        String payload() {
            return before + marker + after;
        }
    }

    record Statement(String sql, boolean standardConformingStrings, List<String> markers) {
        @Override
        public String toString() {
            return "standard_conforming_strings=" + (standardConformingStrings ? "on" : "off") + ": " + sql;
        }
    }

    @Property(tries = 3000)
    void noSecretSurvivesRedaction(@ForAll("statements") Statement statement) {
        String redacted = SqlRedactor.redact(statement.sql());
        for (String marker : statement.markers()) {
            assertThat(redacted).as(statement + "\nredacted: " + redacted).doesNotContain(marker);
        }
    }

    @Provide
    Arbitrary<Statement> statements() {
        Arbitrary<String> hostile = Arbitraries.of(HOSTILE).list().ofMaxSize(5).map(l -> String.join("", l));
        Arbitrary<String> marker = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofLength(10)
                .map(s -> "pw" + s);
        Arbitrary<Secret> secret = Combinators.combine(Arbitraries.of(Form.class), hostile, marker, hostile)
                .as(Secret::new);
        Arbitrary<Object> part = Arbitraries.oneOf(secret.map(s -> (Object) s), Arbitraries.of(CODE).map(c -> c));
        return Combinators.combine(Arbitraries.of(true, false), part.list().ofMinSize(1).ofMaxSize(8))
                .as(SqlRedactionPropertyTest::statement);
    }

    private static Statement statement(boolean standard, List<Object> parts) {
        StringBuilder sql = new StringBuilder();
        List<String> markers = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Secret s) {
                Written w = write(s, standard);
                sql.append(' ').append(w.text()).append(' ');
                markers.add(w.marker());
            } else {
                sql.append(part);
            }
        }
        return new Statement(sql.toString(), standard, markers);
    }

    record Written(String text, String marker) { }

    /** The secret as a client writes it in its form, so the server reads back exactly the payload. */
    private static Written write(Secret s, boolean standard) {
        String p = s.payload();
        return switch (s.form()) {
            case STANDARD -> new Written("'" + plain(p, standard) + "'", s.marker());
            case NATIONAL -> new Written("N'" + plain(p, standard) + "'", s.marker());
            case ESCAPED -> new Written("E'" + p.replace("\\", "\\\\").replace("'", "\\'") + "'", s.marker());
            // U&'' is only accepted with standard_conforming_strings on; a client sending it otherwise gets an
            // error, but its text is captured all the same
            case UNICODE -> new Written("U&'" + p.replace("\\", "\\\\").replace("'", "''") + "'", s.marker());
            case DOLLAR -> new Written(dollarQuoted(p), s.marker());
            case LINE_COMMENT -> new Written("--" + p.replace("\n", " ").replace("\r", " ") + "\n", s.marker());
            case BLOCK_COMMENT -> new Written("/* " + unnested(p) + " */", s.marker());
            case NESTED_COMMENT -> new Written("/* outer /* " + unnested(p) + " */ " + unnested(s.after()) + " */",
                    s.marker());
            case BITS -> digits("B'", s.marker(), "01");
            case HEX -> digits("X'", s.marker(), "0123456789abcdef");
            case NUMBER -> {
                String number = Long.toString(4_000_000_000_000L + Math.abs((long) s.marker().hashCode()) * 7);
                yield new Written(number, number);
            }
        };
    }

    /** A plain '…' string: quotes doubled; with standard_conforming_strings off, backslashes doubled too. */
    private static String plain(String payload, boolean standard) {
        String text = standard ? payload : payload.replace("\\", "\\\\");
        return text.replace("'", "''");
    }

    /** Under the first tag that first occurs as the closing one (a payload ending in "$" would close "$$" early). */
    private static String dollarQuoted(String payload) {
        for (String tag : List.of("$$", "$q$", "$tag_1$", "$x9$", "$é$")) {
            if ((payload + tag).indexOf(tag) == payload.length()) {
                return tag + payload + tag;
            }
        }
        return "$$" + payload.replace("$", "") + "$$";
    }

    /** A comment body with no opening or closing marker of its own, so the comment ends where it was written to. */
    private static String unnested(String payload) {
        String text = payload;
        while (text.contains("/*") || text.contains("*/")) {
            text = text.replace("/*", "/ *").replace("*/", "* /");
        }
        return text.endsWith("/") || text.endsWith("*") ? text + " " : text;
    }

    /** A bit or hex string whose digits are the secret. */
    private static Written digits(String prefix, String marker, String alphabet) {
        StringBuilder digits = new StringBuilder();
        for (char c : marker.toCharArray()) {
            digits.append(alphabet.charAt(c % alphabet.length()));
            digits.append(alphabet.charAt((c / 7) % alphabet.length()));
        }
        return new Written(prefix + digits + "'", digits.toString());
    }
}
