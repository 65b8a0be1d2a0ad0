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
    void identifiersParametersAndCommentsStay() {
        assertThat(SqlRedactor.redact("select \"Col 1\", t2.c3 from t2 where a = $1 -- note 5"))
                .isEqualTo("select \"Col 1\", t2.c3 from t2 where a = $1 -- note 5");
    }

    @Test
    void unterminatedStringsAreRedactedToTheEnd() {
        assertThat(SqlRedactor.redact("select 'secret")).isEqualTo("select ?");
    }

    /** Whatever the text, a quoted secret never survives and nothing throws. */
    @Property(tries = 2000)
    void aQuotedSecretNeverSurvives(@ForAll String before, @ForAll String after) {
        String prefix = before.replace("'", "").replace("$", "").replace("\"", "").replace("-", "");
        String suffix = after.replace("'", "");
        String redacted = SqlRedactor.redact(prefix + " 'S3cr3tValue' " + suffix);
        assertThat(redacted).doesNotContain("S3cr3tValue");
    }
}
