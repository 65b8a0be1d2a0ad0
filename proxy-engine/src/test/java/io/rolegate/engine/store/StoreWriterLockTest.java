package io.rolegate.engine.store;

import io.rolegate.engine.store.common.StoreException;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.testbed.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A PostgreSQL store has one writer: a second engine on the same schema is refused, another schema is not. */
class StoreWriterLockTest {

    @Test
    void aSecondEngineOnTheSameStoreIsRefusedUntilTheFirstCloses() throws Exception {
        String url = StoreKind.PostgresStores.newSchemaUrl();
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
        try (Store a = Store.openJdbc(StoreKind.PostgresStores.newSchemaUrl(), TestPostgres.SUPERUSER, "");
             Store b = Store.openJdbc(StoreKind.PostgresStores.newSchemaUrl(), TestPostgres.SUPERUSER, "")) {
            assertThat(a.schemaVersion()).isEqualTo(b.schemaVersion()).isEqualTo(StoreKind.ALL.size());
        }
    }

    @Test
    void aWrongPasswordNamesTheStoreButNotThePassword() {
        String url = StoreKind.PostgresStores.newSchemaUrl();
        assertThatThrownBy(() -> Store.openJdbc(url, TestPostgres.SCRAM_USER, "not-the-Pw-42"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open the store " + url)
                .hasMessageContaining("store: section")
                .hasMessageNotContaining("not-the-Pw-42");
    }

    @Test
    void aSchemaThatDoesNotExistIsNamedAsTheProblem() {
        String url = StoreKind.PostgresStores.newSchemaUrl().replaceAll("currentSchema=.*", "currentSchema=nowhere");
        assertThatThrownBy(() -> Store.openJdbc(url, TestPostgres.SUPERUSER, ""))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("names no existing schema")
                .hasMessageNotContaining("in use");
    }
}
