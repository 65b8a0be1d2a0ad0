package io.rolegate.engine.access;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.FleetConfig;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision 0037: in a fleet, the node that sweeps a revoked role's backends ({@code pg_terminate_backend}) may reach
 * a session living on another node before that node ends it itself; the client must still read Rolegate's words for
 * the revocation, not PostgreSQL's "terminating connection due to administrator command". Two engines share a
 * PostgreSQL store as node-a and node-b. Each reads its own copy of the directory (a replica): the change is made on
 * node A's, so node B never learns of it by itself and node A's sweep always comes first — the case that showed up
 * as 13 of 30 sessions in {@code bench/revocation -N 3}. A DBA's own {@code pg_terminate_backend} still reaches the
 * client as PostgreSQL said it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetRevocationWordsTest {
    private static final String ANALYSTS = TestDirectory.groupDn("analysts");
    private static final String READERS = TestDirectory.groupDn("readers");

    @TempDir
    static Path dir;
    TestDirectory directoryOfA;
    TestDirectory directoryOfB;
    TestProxy a;
    TestProxy b;

    @BeforeAll
    void start() throws Exception {
        directoryOfA = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
        directoryOfB = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
        String storeUrl = TestStores.newPostgresSchemaUrl();
        a = node("a", directoryOfA, storeUrl);
        // every node of a fleet shares the master key (managed roles' passwords, fleet actions' signatures)
        Files.createDirectories(dir.resolve("b"));
        Files.copy(dir.resolve("a").resolve("master.key"), dir.resolve("b").resolve("master.key"));
        b = node("b", directoryOfB, storeUrl);
    }

    private static TestProxy node(String name, TestDirectory ldap, String storeUrl) {
        return LiveSessions.startPolling(dir.resolve(name), ldap, c -> c
                .withStore(new StoreConfig(storeUrl, TestPostgres.SUPERUSER, Secret.empty()))
                .withFleet(new FleetConfig("node-" + name)));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[]{b, a, directoryOfB, directoryOfA}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A person in both copies of the directory (the same entry: same DN, same entryUUID), member of analysts
     * (analyst_role, and readonly_role through readers) and directly of readers.
     */
    private void person(String uid) throws Exception {
        String uuid = UUID.randomUUID().toString();
        for (TestDirectory d : new TestDirectory[]{directoryOfA, directoryOfB}) {
            d.server().add("dn: " + TestDirectory.userDn(uid), "objectClass: top", "objectClass: person",
                    "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid,
                    "sn: " + uid, "userPassword: " + uid + "-pw", "entryUUID: " + uuid);
            d.server().modify(ANALYSTS, new Modification(ModificationType.ADD, "member", TestDirectory.userDn(uid)));
            d.server().modify(READERS, new Modification(ModificationType.ADD, "member", TestDirectory.userDn(uid)));
        }
    }

    /** Logs {@code uid} in through node B and runs statements until the session ends; returns the error. */
    private CompletableFuture<PSQLException> busyOnB(String uid, Connection session) throws Exception {
        assertThat(DirectoryProxies.one(session, "select current_user")).isEqualTo(uid);
        assertThat(b.engine().sessions()).anyMatch(s -> s.user().equals(uid));
        CompletableFuture<PSQLException> loop = LiveSessions.queryLoop(session);
        Thread.sleep(100);
        assertThat(loop).as("the session runs statements").isNotDone();
        return loop;
    }

    @Test
    void aSessionOnNodeBEndedByNodeAsSweepReadsRolegatesWordsEveryTime() throws Exception {
        for (int round = 0; round < 6; round++) {
            String uid = "swept" + round;
            person(uid);
            boolean lock = round % 2 == 0;
            try (Connection session = DirectoryProxies.login(b, uid, uid + "-pw")) {
                CompletableFuture<PSQLException> loop = busyOnB(uid, session);

                if (lock) { // node A denies: NOLOGIN, then every backend of the role ends
                    directoryOfA.server().modify(TestDirectory.userDn(uid), new Modification(ModificationType.ADD,
                            "pwdAccountLockedTime", "000001010000Z"));
                } else { // node A revokes analyst_role: every backend of the role ends (it may have SET ROLE)
                    directoryOfA.server().modify(ANALYSTS, new Modification(ModificationType.DELETE, "member",
                            TestDirectory.userDn(uid)));
                }

                PSQLException ended = loop.get(30, TimeUnit.SECONDS);
                assertThat((Object) ended).as("round %d: %s's session on node B ended", round, uid).isNotNull();
                assertThat(ended.getSQLState()).as("round %d: %s", round, ended.getMessage()).isEqualTo("57P01");
                assertThat(ended.getMessage()).as("round %d", round)
                        .contains("access revoked by the directory")
                        .contains(lock ? "" : "no longer has analyst_role")
                        .doesNotContain("administrator command");
            }
            assertThat(b.engine().directory().watcherHealth().lastEventAt()).as("node B's copy of the directory did"
                    + " not change: node B learnt of the revocation from node A's sweep alone").isNotNull();
        }
        // node B's own record of each session's end says it was a revocation
        Eventually.passes(Duration.ofSeconds(10), () -> assertThat(b.engine().audit().records(AuditQuery.all()
                .type(AuditEventType.SESSION_ENDED)).stream().filter(r -> r.node().equals("node-b")
                        && r.event().user() != null && r.event().user().startsWith("swept")))
                .hasSize(6).allSatisfy(r -> assertThat(r.event().message()).isEqualTo("session ended: revoked")));
    }

    @Test
    void aDbasOwnTerminateStillReachesTheClientAsPostgresSaidIt() throws Exception {
        person("terminated");
        try (Connection session = DirectoryProxies.login(b, "terminated", "terminated-pw");
             Connection su = TestPostgres.get().superuser()) {
            // one long statement, not a loop: nothing of the client's is on its way when the backend closes, so no
            // reset can destroy PostgreSQL's words before the proxy reads them (a loop races that, on any proxy)
            CompletableFuture<PSQLException> loop = LiveSessions.runUntilEnded(session, "select pg_sleep(60)",
                    Duration.ofSeconds(60));
            Eventually.within(Duration.ofSeconds(10), "the statement runs", () -> "1".equals(DirectoryProxies.one(su,
                    "select count(*) from pg_stat_activity where usename = 'terminated' and query like '%pg_sleep%'"
                    + " and state = 'active'")));

            DirectoryProxies.one(su, "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                    + " where usename = 'terminated'");

            PSQLException ended = loop.get(30, TimeUnit.SECONDS);
            assertThat((Object) ended).isNotNull();
            assertThat(ended.getSQLState()).as(ended.getMessage()).isEqualTo("57P01");
            assertThat(ended.getMessage()).contains("terminating connection due to administrator command")
                    .doesNotContain("rolegate");
        }
    }
}
