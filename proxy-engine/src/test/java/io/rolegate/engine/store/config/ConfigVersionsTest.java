package io.rolegate.engine.store.config;

import io.rolegate.engine.api.model.ConfigVersion;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ParameterizedClass(name = "{0}")
@EnumSource(TestStores.class)
class ConfigVersionsTest {
    private static final String V1 = "listen:\n  host: 127.0.0.1\n  port: 6432\nupstream:\n  host: db1\n  port: 5432\n";
    private static final String V2 = "listen:\n  host: 127.0.0.1\n  port: 6433\nupstream:\n  host: db1\n  port: 5432\n";

    @Parameter
    TestStores kind;
    @TempDir
    Path dir;
    TestStores.Location location;
    Store store;
    ConfigVersions configs;

    @BeforeEach
    void open() {
        location = kind.fresh(dir);
        store = location.open();
        configs = store.configVersions();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theTextComesBackByteForByteAndTheLatestIsTheRunningConfig() {
        String odd = "# comment kept\nkey: \"välue\"   \r\n\ttabbed: yes\n\n";
        configs.save(V1, "alice", "first");
        configs.save(odd, "bob", "second");

        assertThat(configs.latest().orElseThrow().yaml()).isEqualTo(odd);
        assertThat(configs.latest().orElseThrow().author()).isEqualTo("bob");
        assertThat(configs.get(1).orElseThrow().yaml()).isEqualTo(V1);
    }

    @Test
    void eachVersionStoresAReadableDiffFromThePreviousOne() {
        configs.save(V1, "alice", "initial import");
        ConfigVersion v2 = configs.save(V2, "bob", "move the listener");

        assertThat(configs.get(1).orElseThrow().diffFromPrevious()).isEmpty();
        assertThat(v2.diffFromPrevious()).isEqualTo("--- version 1\n+++ version 2\n@@ -1,6 +1,6 @@\n"
                + " listen:\n   host: 127.0.0.1\n-  port: 6432\n+  port: 6433\n upstream:\n   host: db1\n   port: 5432\n");
        assertThat(configs.diff(1, 2)).isEqualTo(v2.diffFromPrevious());
        assertThat(configs.diff(2, 1)).contains("-  port: 6433\n+  port: 6432\n");
    }

    @Test
    void saveIfChangedMakesAVersionOnlyForDifferentText() {
        assertThat(configs.saveIfChanged(V1, "startup", "--config import")).isPresent();
        assertThat(configs.saveIfChanged(V1, "startup", "--config import")).isEmpty();
        assertThat(configs.saveIfChanged(V1 + "\n", "startup", "--config import")).isPresent();

        assertThat(configs.history()).extracting(ConfigVersion::version).containsExactly(2, 1);
    }

    @Test
    void aConfigurationTooLargeToKeepIsRefusedWithItsSize() {
        String huge = "k: v\n".repeat(ConfigVersions.MAX_YAML_CHARS / 5 + 1);

        assertThatThrownBy(() -> configs.save(huge, "alice", "")).isInstanceOf(StoreException.class)
                .hasMessageContaining("the store keeps at most " + ConfigVersions.MAX_YAML_CHARS);
        assertThat(configs.history()).isEmpty();
    }

    @Test
    void aLargeConfigurationRewrittenCompletelyStillFits() {
        String a = "a: 1\n".repeat(ConfigVersions.MAX_YAML_CHARS / 5);
        String b = "b: 2\n".repeat(ConfigVersions.MAX_YAML_CHARS / 5);
        configs.save(a, "alice", "");

        ConfigVersion v2 = configs.save(b, "alice", "");

        assertThat(configs.get(2).orElseThrow().diffFromPrevious()).isEqualTo(v2.diffFromPrevious()).contains("+b: 2");
    }

    @Test
    void rollbackIsANewVersionWithTheOldContent() {
        configs.save(V1, "alice", "initial");
        configs.save(V2, "bob", "port change");

        ConfigVersion back = configs.rollback(1, "carol", "clients could not connect");

        assertThat(back.version()).isEqualTo(3);
        assertThat(back.yaml()).isEqualTo(V1);
        assertThat(back.author()).isEqualTo("carol");
        assertThat(back.comment()).isEqualTo("rollback to version 1: clients could not connect");
        assertThat(back.diffFromPrevious()).contains("-  port: 6433\n+  port: 6432\n");
        assertThat(configs.history()).extracting(ConfigVersion::version).containsExactly(3, 2, 1);
        assertThatThrownBy(() -> configs.rollback(9, "carol", "")).isInstanceOf(StoreException.class)
                .hasMessageContaining("no configuration version 9");
    }
}
