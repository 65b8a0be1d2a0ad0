package io.rolegate.console.settings;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupSettingsViewModelTest {
    private final Preferences prefs = Preferences.userRoot().node("io/rolegate/console/test-" + System.nanoTime());

    @AfterEach
    void forget() throws BackingStoreException {
        prefs.removeNode();
    }

    @Test
    void defaultsAreUsableAndBecomeTheEngineConfig() {
        StartupSettingsViewModel vm = new StartupSettingsViewModel(prefs, Path.of("/tmp/rolegate-data"));
        assertThat(vm.problemsProperty().get()).isEmpty();
        assertThat(vm.toConfig().upstreamPort()).isEqualTo(5432);
        assertThat(vm.dataDirectory()).isEqualTo(Path.of("/tmp/rolegate-data"));
    }

    @Test
    void eachProblemIsNamedInWordsADbaUses() {
        StartupSettingsViewModel vm = new StartupSettingsViewModel(prefs, Path.of("/tmp/rolegate-data"));
        vm.upstreamPortProperty().set("70000");
        vm.upstreamHostProperty().set(" ");
        vm.dataDirProperty().set("");
        assertThat(vm.problemsProperty().get().split("\n")).hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("1 to 65535"))
                .anySatisfy(p -> assertThat(p).contains("PostgreSQL server"))
                .anySatisfy(p -> assertThat(p).contains("data directory"));
        assertThatThrownBy(vm::toConfig).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLastSettingsAreProposedNextTime() {
        StartupSettingsViewModel first = new StartupSettingsViewModel(prefs, Path.of("/tmp/a"));
        first.upstreamHostProperty().set("db.internal ");
        first.upstreamPortProperty().set("6543");
        first.remember();
        StartupSettingsViewModel next = new StartupSettingsViewModel(prefs, Path.of("/tmp/a"));
        assertThat(next.toConfig().upstreamHost()).isEqualTo("db.internal");
        assertThat(next.toConfig().upstreamPort()).isEqualTo(6543);
    }
}
