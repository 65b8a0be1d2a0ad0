package io.rolegate.engine.store.export;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Exporter cursors on every database a store runs on: absent until moved, kept across reopening, never back. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStores.class)
class ExportCursorsTest {
    @Parameter
    TestStores kind;
    @TempDir
    Path dir;
    TestStores.Location location;
    Store store;

    @BeforeEach
    void open() {
        location = kind.fresh(dir);
        store = location.open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aCursorMovesOnlyForwardAndSurvivesReopening() {
        ExportCursors cursors = new ExportCursors(store.connections());
        assertThat(cursors.read("syslog tcp://siem:6514", "edge-1")).isEmpty();

        cursors.advance("syslog tcp://siem:6514", "edge-1", 42);
        cursors.advance("syslog tcp://siem:6514", "edge-1", 17);
        cursors.advance("otlp http://c:4318", "edge-1", 5);

        assertThat(cursors.read("syslog tcp://siem:6514", "edge-1")).isEqualTo(OptionalLong.of(42));
        store.close();
        store = location.open();
        ExportCursors again = new ExportCursors(store.connections());
        assertThat(again.read("syslog tcp://siem:6514", "edge-1")).isEqualTo(OptionalLong.of(42));
        assertThat(again.read("otlp http://c:4318", "edge-1")).isEqualTo(OptionalLong.of(5));
        again.advance("syslog tcp://siem:6514", "edge-1", 43);
        assertThat(again.read("syslog tcp://siem:6514", "edge-1")).isEqualTo(OptionalLong.of(43));
    }

    @Test
    void eachNodesChainHasACursorOfItsOwnUnderOneExporterName() {
        ExportCursors cursors = new ExportCursors(store.connections());
        cursors.advance("webhook https://hooks", "edge-1", 900);
        // a second engine of the fleet, far behind on its own chain: neither cursor touches the other
        cursors.advance("webhook https://hooks", "edge-2", 3);
        cursors.advance("webhook https://hooks", "edge-2", 4);

        assertThat(cursors.read("webhook https://hooks", "edge-1")).isEqualTo(OptionalLong.of(900));
        assertThat(cursors.read("webhook https://hooks", "edge-2")).isEqualTo(OptionalLong.of(4));
        assertThat(cursors.read("webhook https://hooks", "edge-3")).isEmpty();
    }
}
