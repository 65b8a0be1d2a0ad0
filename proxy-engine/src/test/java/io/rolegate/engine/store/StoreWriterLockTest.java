package io.rolegate.engine.store;

import io.rolegate.engine.store.common.StoreException;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A PostgreSQL store has one writer: a second engine on the same schema is refused, another schema is not. */
class StoreWriterLockTest {

    @Test
    void aSecondEngineOnTheSameStoreIsRefusedUntilTheFirstCloses() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        Store first = Store.openJdbc(url, TestPostgres.SUPERUSER, "");
        first.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "first engine")).get();

        assertThatThrownBy(() -> Store.openJdbc(url, TestPostgres.SUPERUSER, ""))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is in use by another Rolegate engine (backend pid")
                .hasMessageContaining("application rolegate store")
                .hasMessageContaining("one audit chain has exactly one writer");

        first.close();
        try (Store second = Store.openJdbc(url, TestPostgres.SUPERUSER, "")) {
            assertThat(second.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "second engine")).get())
                    .isEqualTo(2);
            assertThat(second.audit().verify().intact()).isTrue();
        }
    }

    @Test
    void enginesWithStoresInDifferentSchemasRunSideBySide() {
        try (Store a = Store.openJdbc(TestStores.newPostgresSchemaUrl(), TestPostgres.SUPERUSER, "");
             Store b = Store.openJdbc(TestStores.newPostgresSchemaUrl(), TestPostgres.SUPERUSER, "")) {
            assertThat(a.schemaVersion()).isEqualTo(b.schemaVersion()).isEqualTo(TestStores.ALL_MIGRATIONS.size());
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
