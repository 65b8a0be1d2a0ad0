package io.rolegate.engine.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every option a command accepts is one the command line parser knows: `sessions --live` was refused as "unknown
 * option" while SessionsCommand accepted it, because the option list had not been told.
 */
class CommandOptionsTest {

    @Test
    void everyOptionACommandTakesIsKnownToTheParser() {
        for (Command c : Main.COMMANDS) {
            assertThat(Main.OPTIONS).as("options of '%s'", String.join(" ", c.words())).containsAll(c.options());
        }
    }
}
