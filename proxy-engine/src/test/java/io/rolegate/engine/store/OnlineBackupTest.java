package io.rolegate.engine.store;

import io.rolegate.engine.store.common.StoreException;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.TestStores;
import org.h2.tools.Restore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A running engine copies its store into a zip that H2's Restore turns back into a store that verifies. */
class OnlineBackupTest {
    @TempDir
    Path dir;

    @Test
    void aBackupTakenWhileRunningRestoresToAChainThatVerifies() throws Exception {
        Path data = dir.resolve("data");
        Path zip = dir.resolve("backup.zip");
        try (TestProxy proxy = TestProxy.start(data)) {
            try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
                s.execute("select 1");
            }
            proxy.engine().backupStore(zip, proxy.engine().operator("alice.admin"));
            assertThatThrownBy(() -> proxy.engine().backupStore(zip, proxy.engine().operator("alice.admin")))
                    .isInstanceOf(EngineException.class).hasMessageContaining("exists already");
        }
        Path restored = Files.createDirectories(dir.resolve("restored"));
        Restore.execute(zip.toString(), restored.toString(), "rolegate");
        try (Store store = Store.openDataDirectory(restored)) {
            assertThat(store.audit().verify().intact()).isTrue();
            assertThat(store.audit().query(AuditQuery.all().type(AuditEventType.AUTH_SUCCEEDED)))
                    .singleElement().satisfies(r -> assertThat(r.event().user()).isEqualTo(TestPostgres.SCRAM_USER));
            assertThat(store.audit().query(AuditQuery.all().type(AuditEventType.ADMIN_ACTION)))
                    .as("the backup is in the chain it copied").singleElement()
                    .satisfies(r -> assertThat(r.event().actor()).isEqualTo("alice.admin"));
            assertThat(store.configVersions().latest()).isPresent();
        }
    }

    @Test
    void aPostgresStoreIsNotBackedUpThroughRolegate() {
        try (Store store = Store.openJdbc(TestStores.newPostgresSchemaUrl(), TestPostgres.SUPERUSER, "")) {
            assertThatThrownBy(() -> store.backupTo(dir.resolve("x.zip")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("pg_dump");
        }
    }
}
