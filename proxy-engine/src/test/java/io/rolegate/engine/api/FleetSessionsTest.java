package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.FleetActionResult;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.config.ConsoleConfig;
import io.rolegate.engine.config.FleetConfig;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.fleet.FleetActions;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.QueryExecutorBase;
import org.postgresql.util.PSQLException;

import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17 item 4 (decision 0028): two engines in directory mode share a PostgreSQL store, as nodes node-a and
 * node-b. Node B lists node A's sessions with A's name, ends and cancels them through the store in the name of its
 * console user (A audits both names), refuses a read-only console user before anything reaches A, forwards a client's
 * CancelRequest carrying A's key to A (a forged key cancels nothing), refuses an action a store writer wrote without
 * the fleet's key, and reports a node that is gone or does not answer in words.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetSessionsTest {
    @TempDir
    static Path dir;
    TestDirectory ldap;
    String storeUrl;
    TestProxy a;
    TestProxy b;

    @BeforeAll
    void start() throws Exception {
        ldap = TestDirectory.start();
        storeUrl = TestStores.newPostgresSchemaUrl();
        a = node(dir.resolve("a"), "node-a");
        // every node of a fleet shares the master key: managed roles' passwords and the signature of fleet actions
        Files.createDirectories(dir.resolve("b"));
        Files.copy(dir.resolve("a").resolve("master.key"), dir.resolve("b").resolve("master.key"));
        b = node(dir.resolve("b"), "node-b");
    }

    private TestProxy node(Path dataDir, String name) {
        return TestProxy.start(dataDir, c -> DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false)
                .apply(c).withConsole(new ConsoleConfig(TestDirectory.groupDn("dba"), TestDirectory.groupDn("readers")))
                .withStore(new StoreConfig(storeUrl, TestPostgres.SUPERUSER, Secret.empty()))
                .withFleet(new FleetConfig(name)));
    }

    @AfterAll
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        ldap.close();
    }

    private Connection sessionOnA(String user) throws Exception {
        return DirectoryProxies.login(a, user, TestDirectory.password(user));
    }

    /** The id node A gives the newest session of {@code user}. */
    private long idOnA(String user) {
        return a.engine().sessions().stream().filter(s -> s.user().equals(user)).mapToLong(SessionSnapshot::id).max()
                .orElseThrow();
    }

    private SessionSnapshot seenFromB(long id) throws InterruptedException {
        return Eventually.within(Duration.ofSeconds(15), "node B lists session " + id + " of node A",
                () -> b.engine().fleet().sessions().stream().filter(s -> s.node().equals("node-a") && s.id() == id)
                        .findFirst().orElse(null), s -> s != null);
    }

    @Test
    void nodeBListsNodeAsSessionWithItsNameAndTheCommandLineToo() throws Exception {
        try (Connection bob = sessionOnA("bob")) {
            long id = idOnA("bob");
            SessionSnapshot seen = seenFromB(id);
            assertThat(seen.user()).isEqualTo("bob");
            assertThat(seen.directoryDn()).isEqualTo(TestDirectory.userDn("bob"));
            assertThat(seen.roles()).contains("readonly_role");
            assertThat(b.engine().fleet().sessions()).noneMatch(s -> s.node().equals("node-b"));
            assertThat(a.engine().fleet().node()).isEqualTo("node-a");
            // the store read a user's `sessions --live --config FILE` makes, without a node name of its own
            try (OfflineStore store = OfflineStore.openSharedForReading(a.engine().configuration()).orElseThrow()) {
                assertThat(store.liveSessions()).anySatisfy(s -> {
                    assertThat(s.node()).isEqualTo("node-a");
                    assertThat(s.id()).isEqualTo(id);
                });
            }
        }
    }

    @Test
    void aDisconnectFromNodeBEndsTheSessionOnNodeAAndBothNodesAuditIt() throws Exception {
        try (Connection bob = sessionOnA("bob")) {
            long id = idOnA("bob");
            seenFromB(id);
            CompletableFuture<PSQLException> loop = LiveSessions.queryLoop(bob);
            ConsoleIdentity alice = ConsoleProxy.login(b.engine(), "alice");

            FleetActionResult r = b.engine().fleet().disconnect("node-a", id, "maintenance", alice);

            assertThat(r.outcome()).as(r.message()).isEqualTo(FleetActionResult.Outcome.DONE);
            assertThat(r.message()).contains("node node-a");
            PSQLException ended = loop.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(ended.getSQLState()).isEqualTo("57P01");
            assertThat(ended.getMessage()).contains("maintenance");
            List<AuditRecord> onA = Eventually.within(Duration.ofSeconds(10), "node A's record of the action",
                    () -> a.engine().audit().records(AuditQuery.all().type(AuditEventType.ADMIN_ACTION)).stream()
                            .filter(x -> x.event().message().startsWith("disconnect session " + id + " on node node-a"))
                            .toList(), l -> !l.isEmpty());
            assertThat(onA).singleElement().satisfies(x -> {
                assertThat(x.event().actor()).isEqualTo("alice");
                assertThat(x.event().message()).contains("asked by alice on node node-b", "maintenance");
            });
            assertThat(b.engine().audit().records(AuditQuery.all().type(AuditEventType.ADMIN_ACTION)))
                    .anySatisfy(x -> assertThat(x.event().message())
                            .isEqualTo("ask node node-a to disconnect session " + id + ": maintenance"));
            // and it is gone from the fleet's list
            Eventually.within(Duration.ofSeconds(15), "session " + id + " leaves the fleet's list", () ->
                    b.engine().fleet().sessions().stream().noneMatch(s -> s.node().equals("node-a") && s.id() == id));
            // asked again: no such session, in words
            FleetActionResult again = b.engine().fleet().disconnect("node-a", id, null, alice);
            assertThat(again.outcome()).isEqualTo(FleetActionResult.Outcome.NO_SUCH_SESSION);
            assertThat(again.message()).contains("node node-a", "no such session");
        }
    }

    @Test
    void aReadOnlyConsoleUserOnNodeBIsRefusedAndNothingReachesNodeA() throws Exception {
        try (Connection bob = sessionOnA("bob")) {
            long id = idOnA("bob");
            seenFromB(id);
            ConsoleIdentity reader = ConsoleProxy.login(b.engine(), "bob");
            long before = actions();

            assertThatThrownBy(() -> b.engine().fleet().disconnect("node-a", id, "no", reader))
                    .isInstanceOf(PermissionDenied.class);
            assertThatThrownBy(() -> b.engine().fleet().cancelQuery("node-a", id, reader))
                    .isInstanceOf(PermissionDenied.class);

            assertThat(actions()).as("no action row was written").isEqualTo(before);
            assertThat(DirectoryProxies.one(bob, "select current_user")).isEqualTo("bob");
        }
    }

    @Test
    void anActionAStoreWriterForgedIsRefusedByTheOwningNode() throws Exception {
        try (Connection bob = sessionOnA("bob")) {
            long id = idOnA("bob");
            // a writer to the store who does not hold the master key: a row that names alice, signed with a guess
            long forged = new FleetActions(this::raw, new byte[32]).request(new FleetActions.Request("node-a",
                    FleetActions.Kind.DISCONNECT, id, 0, null, "forged", "alice", "node-b", java.time.Instant.now()));
            String answer = Eventually.within(Duration.ofSeconds(15), "node A answers the forged action",
                    () -> one("SELECT outcome || ': ' || answer FROM fleet_action WHERE id = " + forged), x -> x != null);
            assertThat(answer).startsWith("REFUSED").contains("signature does not verify");
            assertThat(DirectoryProxies.one(bob, "select current_user")).as("the session lives").isEqualTo("bob");
            assertThat(a.engine().audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_ACTION_REFUSED)))
                    .anySatisfy(x -> assertThat(x.event().message()).contains("refused a DISCONNECT of session " + id,
                            "in the name of alice from node node-b", "signature does not verify"));
        }
    }

    @Test
    void aCancelRequestWithNodeAsKeySentToNodeBCancelsTheQueryOnA() throws Exception {
        try (Connection bob = sessionOnA("bob")) {
            CompletableFuture<PSQLException> sleeping = LiveSessions.runUntilEnded(bob, "select pg_sleep(60)",
                    Duration.ofSeconds(60));
            long id = idOnA("bob");
            Eventually.within(Duration.ofSeconds(10), "the query runs", () -> a.engine().session(id).orElseThrow()
                    .state().label().equals("active"));
            BaseConnection pg = bob.unwrap(BaseConnection.class);
            int pid = pg.getQueryExecutor().getBackendPID();
            byte[] key = cancelKey(pg);
            assertThat(pid >>> 22).as("the process id carries node A's number").isPositive();

            byte[] forged = key.clone();
            forged[0] ^= 0x55;
            cancel(b.port(), pid, forged);
            cancel(a.port(), pid, forged);
            Eventually.within(Duration.ofSeconds(15), "node A answers the forwarded forged cancel", () -> "NO_SUCH_SESSION"
                    .equals(one("SELECT max(outcome) FROM fleet_action WHERE kind = 'CANCEL_KEY'")));
            assertThat(sleeping).as("a forged key cancels nothing").isNotDone();

            cancel(b.port(), pid, key);
            PSQLException cancelled = sleeping.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(cancelled.getSQLState()).isEqualTo("57014");
            assertThat(one("SELECT count(*) FROM fleet_action WHERE kind = 'CANCEL_KEY' AND outcome = 'DONE'"))
                    .isEqualTo("1");
        }
    }

    @Test
    @Tag("faults") // waits out the 5 s answer bound of a silent node
    void aNodeThatIsGoneOrSilentIsReportedInWordsAndItsSessionsAreNotShown() throws Exception {
        ConsoleIdentity alice = ConsoleProxy.login(b.engine(), "alice");
        FleetActionResult unknown = b.engine().fleet().disconnect("node-x", 1, null, alice);
        assertThat(unknown.outcome()).isEqualTo(FleetActionResult.Outcome.NODE_GONE);
        assertThat(unknown.message()).contains("there is no node \"node-x\"");

        // node-z holds its name on the store and says it is alive, but takes no action: a hung node
        try (Store z = Store.openJdbc(storeUrl, TestPostgres.SUPERUSER, "", "node-z")) {
            update("UPDATE fleet_node SET sessions_at = now() + interval '1 hour' WHERE node = 'node-z'");
            update("INSERT INTO fleet_session (node, session_id, user_name, roles, client_address, started_at, state,"
                    + " bytes_in, bytes_out, messages_in, messages_out) VALUES ('node-z', 7, 'zed', '',"
                    + " '192.0.2.9', now(), 'idle', 0, 0, 0, 0)");
            assertThat(b.engine().fleet().sessions()).anyMatch(s -> s.node().equals("node-z") && s.id() == 7);

            FleetActionResult silent = b.engine().fleet().cancelQuery("node-z", 7, alice);

            assertThat(silent.outcome()).isEqualTo(FleetActionResult.Outcome.NO_ANSWER);
            assertThat(silent.message()).contains("node node-z did not answer within 5 s");
            assertThat(one("SELECT outcome FROM fleet_action WHERE target_node = 'node-z'")).isEqualTo("EXPIRED");
        }
        // node-z's connection is gone, as when its process is killed: its lock is free, its sessions not shown
        assertThat(b.engine().fleet().sessions()).noneMatch(s -> s.node().equals("node-z"));
        FleetActionResult gone = b.engine().fleet().disconnect("node-z", 7, null, alice);
        assertThat(gone.outcome()).isEqualTo(FleetActionResult.Outcome.NODE_GONE);
        assertThat(gone.message()).contains("node node-z is not running");
        Eventually.within(Duration.ofSeconds(30), "a live node deletes the rows of the gone node",
                () -> "0".equals(one("SELECT count(*) FROM fleet_session WHERE node = 'node-z'")));
    }

    private static byte[] cancelKey(BaseConnection pg) throws Exception {
        var field = QueryExecutorBase.class.getDeclaredField("cancelKey");
        field.setAccessible(true);
        return (byte[]) field.get(pg.getQueryExecutor());
    }

    /** A CancelRequest as libpq sends it, on plain TCP. */
    private static void cancel(int port, int pid, byte[] key) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(8 + 4 + key.length);
            out.writeInt(80877102);
            out.writeInt(pid);
            out.write(key);
            out.flush();
            s.setSoTimeout(20_000);
            assertThat(s.getInputStream().read()).as("the proxy closes the cancel connection").isEqualTo(-1);
        }
    }

    private Connection raw() throws java.sql.SQLException {
        return DriverManager.getConnection(storeUrl, TestPostgres.SUPERUSER, "");
    }

    private long actions() throws Exception {
        return Long.parseLong(one("SELECT count(*) FROM fleet_action"));
    }

    private String one(String sql) throws Exception {
        try (Connection c = raw()) {
            return DirectoryProxies.one(c, sql);
        }
    }

    private void update(String sql) throws Exception {
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }
}
