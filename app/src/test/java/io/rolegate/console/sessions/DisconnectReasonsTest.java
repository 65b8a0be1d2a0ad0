package io.rolegate.console.sessions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisconnectReasonsTest {
    @Test
    void aReasonMustSaySomething() {
        assertThat(DisconnectReasons.problem(null)).hasValueSatisfying(p -> assertThat(p).contains("Say why"));
        assertThat(DisconnectReasons.problem("   ")).isPresent();
    }

    @Test
    void aReasonFitsOnOneShortLine() {
        assertThat(DisconnectReasons.problem("x".repeat(DisconnectReasons.MAX_LENGTH))).isEmpty();
        assertThat(DisconnectReasons.problem("x".repeat(DisconnectReasons.MAX_LENGTH + 1)))
                .hasValueSatisfying(p -> assertThat(p).contains("201"));
        assertThat(DisconnectReasons.problem("first line\nsecond line")).hasValueSatisfying(
                p -> assertThat(p).contains("single line"));
    }

    @Test
    void anOrdinaryReasonIsAccepted() {
        assertThat(DisconnectReasons.problem("  long-running report blocks the nightly vacuum ")).isEmpty();
    }
}
