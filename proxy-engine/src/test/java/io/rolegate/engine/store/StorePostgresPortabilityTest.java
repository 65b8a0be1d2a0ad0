package io.rolegate.engine.store;

import io.rolegate.engine.store.audit.AuditEvent;
import io.rolegate.engine.store.audit.AuditEventType;
import io.rolegate.engine.store.audit.AuditQuery;
import io.rolegate.engine.store.migration.ClasspathMigrations;
import io.rolegate.engine.store.session.SessionQuery;
import io.rolegate.engine.store.session.SessionRecord;
import io.rolegate.engine.testbed.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same migrations and queries against real PostgreSQL, the store a fleet of engines will share. */
class StorePostgresPortabilityTest {
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        TestPostgres pg = TestPostgres.get();
        try (var c = pg.superuser(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE rolegate_store");
        }
        url = "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/rolegate_store";
    }

    @Test
    void migratesAndServesEveryRoomOnPostgres() throws Exception {
        try (Store store = Store.openJdbc(url, TestPostgres.SUPERUSER, "")) {
            assertThat(store.schemaVersion())
                    .isEqualTo(ClasspathMigrations.load(Store.class.getClassLoader(), Store.MIGRATIONS).size());
            store.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "Dave 100% in").withUser("dave")).get();
            assertThat(store.audit().retainNewest(1, "ops").get().deletedCount()).isZero();
            assertThat(store.audit().query(AuditQuery.all().text("100%").limit(5))).hasSize(1);
            assertThat(store.audit().verify().intact()).isTrue();

            store.configVersions().save("a: 1\n", "alice", "first");
            assertThat(store.configVersions().saveIfChanged("a: 2\n", "alice", "second").orElseThrow()
                    .diffFromPrevious()).contains("-a: 1\n+a: 2\n");

            Instant t = Instant.parse("2026-01-02T03:04:05.678901Z");
            store.sessionHistory().record(new SessionRecord(9, "dave", "uid=dave", List.of("r1", "r2"), "10.0.0.1:1",
                    "app", "db", t, t.plusSeconds(1), 1, 2, 3, 4, 5, "CLIENT"));
            assertThat(store.sessionHistory().query(SessionQuery.all().user("dave").limit(1)).get(0).start())
                    .isEqualTo(t);
        }
        try (Store again = Store.openJdbc(url, TestPostgres.SUPERUSER, "")) {
            assertThat(again.audit().verify().recordsChecked()).isEqualTo(1);
        }
    }
}
