package io.rolegate.engine.store;

import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** An engine configured with store: {url, user, password} keeps its audit and configuration in PostgreSQL. */
class EngineOnPostgresStoreTest {
    @TempDir
    Path dataDir;

    @Test
    void loginsAreAuditedInThePostgresStoreAndNothingInTheDataDirectory() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        StoreConfig store = new StoreConfig(url, TestPostgres.SUPERUSER, Secret.empty());
        try (TestProxy proxy = TestProxy.start(dataDir, c -> c.withStore(store));
             Connection c = proxy.connect(); Statement s = c.createStatement()) {
            s.execute("select 1");
            assertThat(proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.AUTH_SUCCEEDED)))
                    .hasSize(1);
        }
        assertThat(Store.dataFile(dataDir)).doesNotExist();
        try (Connection raw = java.sql.DriverManager.getConnection(url, TestPostgres.SUPERUSER, "");
             Statement s = raw.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_event WHERE event_type = 'AUTH_SUCCEEDED'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        try (Store reopened = Store.openJdbc(url, TestPostgres.SUPERUSER, "")) {
            assertThat(reopened.audit().verify().intact()).isTrue();
            assertThat(reopened.configVersions().latest().orElseThrow().yaml()).contains("store:\n  url: " + url);
        }
    }
}
