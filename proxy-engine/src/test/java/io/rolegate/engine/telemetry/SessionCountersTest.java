package io.rolegate.engine.telemetry;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages counted by type: every protocol type letter and digit in a slot of its own, anything else in slot 0. */
class SessionCountersTest {

    @Test
    void everyProtocolTypeKeepsItsOwnCount() {
        SessionCounters c = new SessionCounters();
        String types = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < types.length(); i++) {
            for (int n = 0; n <= i; n++) {
                c.message(Direction.IN, (byte) types.charAt(i));
            }
        }
        c.message(Direction.OUT, (byte) 'Z');
        for (int i = 0; i < types.length(); i++) {
            assertThat(c.messages(Direction.IN, types.charAt(i))).as("type %s", types.charAt(i)).isEqualTo(i + 1);
        }
        Map<Character, Long> in = c.messagesByType(Direction.IN);
        assertThat(in).hasSize(types.length()).containsEntry('1', 1L).containsEntry('z', (long) types.length());
        assertThat(c.messagesByType(Direction.OUT)).containsExactly(Map.entry('Z', 1L));
        assertThat(c.messages(Direction.IN)).isEqualTo((long) types.length() * (types.length() + 1) / 2);
    }

    @Test
    void aTypeOutsideTheProtocolIsCountedApartFromEveryLetter() {
        SessionCounters c = new SessionCounters();
        c.message(Direction.IN, (byte) '!');
        c.message(Direction.IN, (byte) 0xF0);
        c.message(Direction.IN, (byte) 'Q');
        assertThat(c.messagesByType(Direction.IN)).containsOnly(Map.entry('\0', 2L), Map.entry('Q', 1L));
        assertThat(c.messages(Direction.IN, '!')).isEqualTo(2);
        assertThat(c.messages(Direction.IN, '\u00e9')).isEqualTo(2);
    }
}
