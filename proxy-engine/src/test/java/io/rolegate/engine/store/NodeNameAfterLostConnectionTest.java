package io.rolegate.engine.store;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node's name on a shared PostgreSQL store lives on one kept connection (a session advisory lock). When that
 * connection dies (the store's DBA ends it, a network cut, a store restart) the name is free on the server at once,
 * long before the engine's next heartbeat notices. Two engines must never extend the same node's chain: the engine
 * that lost the connection goes on only while no other engine claimed its name (and takes the lock back at its next
 * heartbeat); once another engine claimed it, it stops writing as that node at its next commit.
 * The lock-holding backend is ended with {@code pg_terminate_backend}, as a DBA would.
 */
class NodeNameAfterLostConnectionTest {
    /** {@code NodeLock.LOCK_CLASS}: "RGND", the first half of the node lock's key as pg_locks shows it. */
    private static final int NODE_LOCK_CLASS = 0x52474E44;

    @Test
    void anEngineWhoseNameWasTakenMeanwhileStopsWritingAsThatNode() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        try (Store first = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1")) {
            assertThat(first.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "first, before")).get())
                    .isEqualTo(1);
            terminateNameHolder(url, "edge-1");

            // the name is free on the server: a second engine with the same name starts (the first's heartbeat has
            // not run yet) and extends the chain
            try (Store second = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1")) {
                assertThat(second.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "second")).get())
                        .isEqualTo(2);

                // the first engine must not write as edge-1 any more, neither now nor after a retry
                for (int i = 0; i < 3; i++) {
                    String text = "first, after " + i;
                    assertThatThrownBy(() -> first.audit().append(
                            AuditEvent.of(AuditEventType.CONFIG_CHANGED, text)).get())
                            .isInstanceOf(ExecutionException.class)
                            .hasCauseInstanceOf(StoreException.class)
                            .hasMessageContaining("node name \"edge-1\"");
                }
                assertThat(second.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "second again")).get())
                        .isEqualTo(3);
                assertThat(messages(url, "edge-1")).containsExactly("first, before", "second", "second again");
                assertThat(second.audit().verify().intact()).isTrue();
            }
        }
    }

    @Test
    void anEngineWhoseNameIsStillFreeGoesOnWritingAndTakesTheNameBack() throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        try (Store first = Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1")) {
            first.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "before")).get();
            int ended = terminateNameHolder(url, "edge-1");

            // nobody else claimed the name: writes go on (logins are not refused for a lost lock connection) ...
            assertThat(first.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "after")).get())
                    .isEqualTo(2);
            // ... and the heartbeat takes the name again on a new connection
            Eventually.within(Duration.ofSeconds(60), "the engine takes its node name again",
                    () -> holders(url, "edge-1").size() == 1 && !holders(url, "edge-1").contains(ended));
            assertThat(first.audit().append(AuditEvent.of(AuditEventType.CONFIG_CHANGED, "after the heartbeat"))
                    .get()).isEqualTo(3);

            // and holds it: a second engine with the same name is refused again
            assertThatThrownBy(() -> Store.openJdbc(url, TestPostgres.SUPERUSER, "", "edge-1"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("the node name \"edge-1\" is in use");
            assertThat(first.audit().verify().intact()).isTrue();
        }
    }

    /** Ends the backend that holds {@code node}'s lock, as the store's DBA would; returns its pid. */
    private static int terminateNameHolder(String url, String node) throws SQLException, InterruptedException {
        List<Integer> pids = holders(url, node);
        assertThat(pids).as("backends holding the node lock").hasSize(1);
        try (Connection c = DriverManager.getConnection(url, TestPostgres.SUPERUSER, "");
             PreparedStatement st = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            st.setInt(1, pids.get(0));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
            // pg_terminate_backend only signals: wait until the lock is gone with the backend
            Eventually.within(Duration.ofSeconds(30), "the ended backend releases the node lock",
                    () -> holders(url, node).isEmpty());
        }
        return pids.get(0);
    }

    private static List<Integer> holders(String url, String node) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, TestPostgres.SUPERUSER, "");
             PreparedStatement st = c.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
                     + " AND granted AND classid = ?::int4::oid"
                     + " AND objid = hashtext(current_schema() || '/' || ?)::oid AND objsubid = 2")) {
            st.setInt(1, NODE_LOCK_CLASS);
            st.setString(2, node);
            List<Integer> pids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
            return pids;
        }
    }

    private static List<String> messages(String url, String node) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, TestPostgres.SUPERUSER, "");
             PreparedStatement st = c.prepareStatement("SELECT message FROM audit_event WHERE node = ? ORDER BY seq")) {
            st.setString(1, node);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
