package io.rolegate.engine.telemetry;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlRedactorTest {
    @Test
    void literalsBecomeQuestionMarks() {
        assertThat(SqlRedactor.redact("select * from users where email = 'a@b.c' and id = 42 and x > 3.5e2"))
                .isEqualTo("select * from users where email = ? and id = ? and x > ?");
        assertThat(SqlRedactor.redact("insert into t values ('it''s', E'line\\nbreak', $$body$$, $q$x$q$)"))
                .isEqualTo("insert into t values (?, ?, ?, ?)");
    }

    @Test
    void identifiersAndParametersStayCommentsAreEmptied() {
        assertThat(SqlRedactor.redact("select \"Col 1\", t2.c3, a$b from t2 where a = $1 -- note 5"))
                .isEqualTo("select \"Col 1\", t2.c3, a$b from t2 where a = $1 --?");
        assertThat(SqlRedactor.redact("select /* why: x = 5 */ 1\n-- pw\nfrom t"))
                .isEqualTo("select /*?*/ ?\n--?\nfrom t");
    }

    @Test
    void unterminatedStringsAreRedactedToTheEnd() {
        assertThat(SqlRedactor.redact("select 'secret")).isEqualTo("select ?");
        assertThat(SqlRedactor.redact("select $x$ secret $y$")).isEqualTo("select ?");
        assertThat(SqlRedactor.redact("select /* secret /* nested */ still")).isEqualTo("select /*?*/");
    }

    /** Issue 13 item 7: a trailing backslash in a standard string used to shift every later literal into view. */
    @Test
    void aBackslashAtTheEndOfAStandardStringHidesNothing() {
        String redacted = SqlRedactor.redact("SELECT 'C:\\t\\', 'hunter2'");
        assertThat(redacted).doesNotContain("hunter2").doesNotContain("C:").startsWith("SELECT ");
    }

    /** Issue 13 item 7: an apostrophe inside a comment used to be taken for the start of a string. */
    @Test
    void anApostropheInACommentHidesNothing() {
        assertThat(SqlRedactor.redact("/* don't */ SELECT 'pw'")).isEqualTo("/*?*/ SELECT ?");
    }

    @Test
    void everyStringFormIsALiteral() {
        assertThat(SqlRedactor.redact("select E'a\\'b', N'x''y', U&'d\\0061t', B'0101', X'1F', 0x1F, .5, 1_000"))
                .isEqualTo("select ?, ?, ?, ?, ?, ?, ?, ?");
        assertThat(SqlRedactor.redact("select U&'a' UESCAPE '!', U&\"col\" from t"))
                .isEqualTo("select ? UESCAPE ?, U&\"col\" from t");
    }

    @Test
    void nestedBlockCommentsEndWhereThePostgresLexerEndsThem() {
        assertThat(SqlRedactor.redact("select /* a /* b */ 'still comment' */ 'pw' from t"))
                .isEqualTo("select /*?*/ ? from t");
    }

    @Test
    void aDollarQuoteNeedsAWordBoundary() {
        assertThat(SqlRedactor.redact("select a$b$, $tag$ pw $b$ $tag$ from t"))
                .isEqualTo("select a$b$, ? from t");
    }

    /** Whatever the text, a quoted secret never survives and nothing throws. */
    @Property(tries = 2000)
    void aQuotedSecretNeverSurvives(@ForAll String before, @ForAll String after) {
        String prefix = before.replace("'", "").replace("$", "").replace("\"", "").replace("-", "")
                .replace("/", "");
        String suffix = after.replace("'", "");
        String redacted = SqlRedactor.redact(prefix + " 'S3cr3tValue' " + suffix);
        assertThat(redacted).doesNotContain("S3cr3tValue");
    }
}
