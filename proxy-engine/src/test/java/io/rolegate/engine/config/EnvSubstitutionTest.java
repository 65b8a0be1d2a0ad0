package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EnvSubstitutionTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = Map.of(
            "PG_HOST", "db7.internal",
            "PG_PORT", "5433",
            "REGION", "eu",
            "SECRET_PORT", "hunter2",
            "GRACE", "hunter2s");

    private RolegateConfig load(String yaml) {
        return new ConfigLoader(env::get).load(yaml, "test.yaml", dir);
    }

    private ConfigException problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
        assertThat(e).isNotNull();
        return e;
    }

    @Test
    void replacesVariablesInValues() {
        RolegateConfig c = load("upstream:\n  host: ${PG_HOST}\n  port: ${PG_PORT}\n");
        assertThat(c.upstream().host()).isEqualTo("db7.internal");
        assertThat(c.upstream().port()).isEqualTo(5433);
    }

    @Test
    void replacesSeveralVariablesInsideText() {
        assertThat(load("upstream: {host: \"pg-${REGION}-${REGION}.example\"}").upstream().host())
                .isEqualTo("pg-eu-eu.example");
    }

    @Test
    void doubleDollarIsALiteral() {
        assertThat(load("upstream: {host: \"a$${PG_HOST}\"}").upstream().host()).isEqualTo("a${PG_HOST}");
    }

    @Test
    void unsetVariableIsAProblemNamingIt() {
        ConfigException e = problems("listen:\n  port: 1\nupstream:\n  host: ${PGHOST_TYPO}\n");
        assertThat(e.problems()).containsExactly(
                new ConfigProblem(4, "upstream.host", "environment variable PGHOST_TYPO is not set"));
    }

    @Test
    void malformedReference() {
        ConfigException e = problems("upstream:\n  host: ${not closed\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("malformed variable reference");
        });
    }

    @Test
    void problemsShowTheReferenceNeverTheValue() {
        ConfigException e = problems("upstream:\n  port: ${SECRET_PORT}\nlimits:\n  shutdownGrace: ${GRACE}\n");
        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactly(
                "expected a whole number, got \"${SECRET_PORT}\"",
                "expected a duration such as 15s");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void durationFromTheEnvironment() {
        RolegateConfig c = new ConfigLoader(Map.of("GRACE", "30s")::get)
                .load("limits: {shutdownGrace: \"${GRACE}\"}", "t", dir);
        assertThat(c.limits().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void escapeIsTheInverseOfSubstitution() {
        EnvSubstitution sub = new EnvSubstitution(env::get);
        for (String literal : new String[] {"plain", "${PG_HOST}", "$${x}", "$$${", "a$", "$"}) {
            assertThat(sub.apply(EnvSubstitution.escape(literal), "listen.host", msg -> { throw new AssertionError(msg); }))
                    .as(literal).contains(literal);
        }
    }
}
