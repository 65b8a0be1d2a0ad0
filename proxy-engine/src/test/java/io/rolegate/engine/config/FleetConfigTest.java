package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fleet: section's keys: the node name and how often live sessions' counters go to the store (decision 0035). */
class FleetConfigTest {
    private static RolegateConfig load(String yaml) {
        return new ConfigLoader(k -> null).load(yaml, "test.yaml");
    }

    @Test
    void countersGoOutEveryFifteenSecondsUnlessConfigured() {
        assertThat(load("listen: {port: 7000}\n").fleet().countersEvery()).isEqualTo(Duration.ofSeconds(15));
        FleetConfig f = load("fleet:\n  node: edge-1\n  countersEvery: 30s\n").fleet();
        assertThat(f).isEqualTo(new FleetConfig("edge-1", Duration.ofSeconds(30)));
        assertThat(load("fleet: {countersEvery: 1s}\n").fleet().node()).isNull();
    }

    @Test
    void anIntervalOutsideOneSecondToTenMinutesIsRefusedNamingTheKey() {
        for (String bad : new String[] {"0s", "500ms", "11m", "often"}) {
            assertThatThrownBy(() -> load("fleet: {countersEvery: " + bad + "}\n"))
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(p ->
                            assertThat(p.path()).isEqualTo("fleet.countersEvery")));
        }
    }
}
