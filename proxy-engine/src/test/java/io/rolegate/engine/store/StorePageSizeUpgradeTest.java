package io.rolegate.engine.store;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision 0036 opens the H2 store with 4 KiB pages; data directories written before it have H2's 48 KiB pages. A
 * page size is how pages are split when written, not a format: an old file opens, its chain verifies, new records
 * join it, and a file written with both sizes opens again either way.
 */
class StorePageSizeUpgradeTest {
    @TempDir
    Path dataDir;

    @Test
    void aDataDirectoryWrittenWithH2sDefaultPagesOpensAndItsChainGoesOn() throws Exception {
        try (Store store = Store.openDataDirectory(dataDir)) {
            append(store, 200, "before");
        }
        // what an earlier release did: the same file opened without PAGE_SIZE, records written with 48 KiB pages
        String oldUrl = "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve(Store.DB_NAME)
                + ";WRITE_DELAY=0";
        try (Connection old = DriverManager.getConnection(oldUrl, "rolegate", "");
             Statement s = old.createStatement()) {
            s.execute("create table upgrade_probe (n int primary key, filler varchar(2000))");
            s.execute("insert into upgrade_probe select x, repeat('x', 1500) from system_range(1, 500)");
        }

        try (Store store = Store.openDataDirectory(dataDir)) {
            append(store, 200, "after");
            assertThat(store.audit().verify().intact()).isTrue();
        }
        try (Connection old = DriverManager.getConnection(oldUrl, "rolegate", "");
             Statement s = old.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from upgrade_probe")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(500);
        }
        try (Store store = Store.openDataDirectory(dataDir)) {
            assertThat(store.audit().verify().intact()).isTrue();
        }
    }

    private static void append(Store store, int n, String what) throws Exception {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(store.audit().append(AuditEvent.of(AuditEventType.ACCESS_DECIDED, what + " " + i)
                    .withUser("u" + i)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
    }
}
