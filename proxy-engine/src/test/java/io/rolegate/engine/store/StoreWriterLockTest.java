package io.rolegate.engine.store;

import io.rolegate.engine.store.common.StoreException;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Engines sharing a PostgreSQL store: one live engine per node name (a second with the same name is refused until the
 * first closes), engines with different names side by side on one schema; clear refusals for a wrong password or a
 * schema that does not exist.
 */
class StoreWriterLockTest {

    @Test
    void aSecondEngineWithTheSameNodeNameIsRefusedUntilTheFirstCloses() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        Store first = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1");
        first.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "first engine")).get();

        assertThatThrownBy(() -> Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the node name \"edge-1\" is in use on the store " + url)
                .hasMessageContaining("pid " + ProcessHandle.current().pid())
                .hasMessageContaining("running since")
                .hasMessageContaining("set fleet.node");

        first.close();
        try (Store second = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1")) {
            // the same node continues its chain
            assertThat(second.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "second engine")).get())
                    .isEqualTo(2);
            assertThat(second.audit().verify().intact()).isTrue();
        }
    }

    @Test
    void enginesWithDifferentNodeNamesShareOneSchema() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        try (Store a = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1");
             Store b = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-2")) {
            assertThat(a.schemaVersion()).isEqualTo(b.schemaVersion()).isEqualTo(TestStores.ALL_MIGRATIONS.size());
            assertThat(a.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "on a")).get()).isEqualTo(1);
            assertThat(b.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "on b")).get()).isEqualTo(1);
        }
    }

    @Test
    void aWrongPasswordNamesTheStoreButNotThePassword() {
        String url = TestStores.newPostgresSchemaUrl();
        assertThatThrownBy(() -> Store.openJdbc(url, TestPostgres.SCRAM_USER, "not-the-Pw-42"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open the store " + url)
                .hasMessageContaining("store: section")
                .hasMessageNotContaining("not-the-Pw-42");
    }

    @Test
    void aSchemaThatDoesNotExistIsNamedAsTheProblem() {
        String url = TestStores.newPostgresSchemaUrl().replaceAll("currentSchema=.*", "currentSchema=nowhere");
        assertThatThrownBy(() -> Store.openJdbc(url, TestPostgres.SUPERUSER, ""))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("names no existing schema")
                .hasMessageNotContaining("in use");
    }
}
