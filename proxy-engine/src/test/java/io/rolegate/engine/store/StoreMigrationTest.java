package io.rolegate.engine.store;

import io.rolegate.engine.store.common.StoreException;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.migration.Migration;
import io.rolegate.engine.api.model.SessionQuery;
import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.testbed.LegacyAudit;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import static io.rolegate.engine.testbed.TestStores.count;
import static io.rolegate.engine.testbed.TestStores.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Schema migrations on every database a store runs on: from empty, from each earlier version, and refusals. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStores.class)
class StoreMigrationTest {
    private static final List<Migration> ALL = TestStores.ALL_MIGRATIONS;

    @Parameter
    TestStores kind;
    @TempDir
    Path dir;
    TestStores.Location location;

    @BeforeEach
    void locate() {
        location = kind.fresh(dir);
    }

    static java.util.stream.IntStream earlierVersions() {
        return java.util.stream.IntStream.range(1, ALL.size());
    }

    @Test
    void migratesAnEmptyStoreToTheNewestSchema() throws Exception {
        try (Store store = location.open()) {
            assertThat(store.schemaVersion()).isEqualTo(ALL.size()).isGreaterThanOrEqualTo(3);
            try (Connection c = store.connections().open()) {
                assertThat(count(c, "SELECT COUNT(*) FROM rolegate_schema_history")).isEqualTo(ALL.size());
                assertThat(count(c, "SELECT COUNT(*) FROM session_history_role")).isZero();
            }
        }
    }

    @ParameterizedTest(name = "upgrade from schema {0}")
    @MethodSource("earlierVersions")
    void upgradesFromEachEarlierVersionKeepingData(int from) throws Exception {
        try (Store old = location.open(ALL.subList(0, from))) {
            assertThat(old.schemaVersion()).isEqualTo(from);
            old.configVersions().save("listen: {port: 6432}\n", "alice", "written by schema " + from);
            try (Connection c = old.connections().open()) {
                // the rows an engine of that schema wrote (this build writes only the per-node layout)
                LegacyAudit.write(c, from >= Store.FLEET_SCHEMA,
                        List.of(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "before upgrade")));
            }
        }
        try (Store store = location.open()) {
            assertThat(store.schemaVersion()).isEqualTo(ALL.size());
            assertThat(store.configVersions().latest().orElseThrow().comment()).isEqualTo("written by schema " + from);
            assertThat(store.audit().verify().intact()).isTrue();
            // the one engine adopted the chain from before fleets and recorded that as its next record
            List<AuditRecord> chain = store.audit().query(AuditQuery.all());
            assertThat(chain).extracting(AuditRecord::sequence).containsExactly(1L, 2L);
            assertThat(chain).extracting(AuditRecord::node).containsOnly(store.node());
            assertThat(chain.get(1).event().details()).contains("adopt-audit-chain");
            store.sessionHistory().record(new SessionRecord(1, "dave", null,
                    List.of("r"), "10.0.0.1:5000", null, "db", Instant.now(), Instant.now(), 0, 0, 0, 0, 0, "CLIENT"));
            assertThat(store.sessionHistory().query(SessionQuery.all())).hasSize(1);
        }
    }

    @Test
    void refusesAStoreWrittenByANewerSchemaAndLeavesItAlone() throws Exception {
        int future = ALL.size() + 1;
        location.open().close();
        try (Connection c = location.raw()) {
            update(c, "INSERT INTO rolegate_schema_history VALUES (" + future + ", 'future', 'V" + future
                    + "__future.sql', '" + "a".repeat(64) + "', CURRENT_TIMESTAMP)");
        }
        assertThatThrownBy(() -> location.open())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("written by a newer Rolegate (schema " + future + ", this build knows " + ALL.size() + ")")
                .hasMessageContaining("refusing to touch it")
                .hasMessageContaining(location.name());
        try (Connection c = location.raw()) {
            assertThat(count(c, "SELECT MAX(version) FROM rolegate_schema_history")).isEqualTo(future);
        }
    }

    @Test
    void refusesAChecksumMismatchNamingTheScriptAndTheFile() throws Exception {
        location.open().close();
        try (Connection c = location.raw()) {
            update(c, "UPDATE rolegate_schema_history SET checksum = '" + "b".repeat(64) + "' WHERE version = 2");
        }
        assertThatThrownBy(() -> location.open())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(ALL.get(1).scriptName())
                .hasMessageContaining(location.name());
    }
}
