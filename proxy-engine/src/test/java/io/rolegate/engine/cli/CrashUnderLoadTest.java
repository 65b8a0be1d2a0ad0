package io.rolegate.engine.cli;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.store.RunningMarker;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.EngineProcess;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 item 5: the engine as its own process ({@code java -cp ... io.rolegate.engine.cli.Main}, as the CLI
 * runs it) killed with SIGKILL in the middle of a storm of first directory logins and relayed queries, then started
 * again on the same data directory. Every login a client saw succeed has its audit record, the audit chain
 * verifies, the engine says it recovered from an unclean stop and how many roles it reconciled, and every managed
 * role agrees with the directory — including users the directory dropped from their group while the engine was
 * down. A clean stop afterwards leaves no marker, so the next start is not called a recovery. About 80 s on a
 * 2-core machine at load 30.
 */
@Tag("faults")
class CrashUnderLoadTest {
    private static final int USERS = 60;
    private static final int RELAY_SESSIONS = 3;
    private static final String ANALYSTS = TestDirectory.groupDn("analysts");

    @TempDir
    Path dir;
    TestDirectory ldap;
    EngineProcess engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (ldap != null) {
            ldap.close();
        }
    }

    @Test
    void killMinus9DuringALoginStormLosesNoLoginAndLeavesNoRoleWrong() throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(10_000));
        List<String> users = newUsers();
        Path config = config();
        engine = EngineProcess.start(config, dir.resolve("data"));
        int port = engine.port();

        Set<String> seenIn = ConcurrentHashMap.newKeySet();
        AtomicLong relayed = new AtomicLong();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(USERS + RELAY_SESSIONS);
        for (String user : users.subList(0, RELAY_SESSIONS)) {
            clients.submit(() -> relay(port, user, seenIn, relayed, killed));
        }
        Eventually.within(Duration.ofSeconds(120), "relayed queries flow", () -> relayed.get() > 50);
        for (String user : users.subList(RELAY_SESSIONS, USERS)) {
            clients.submit(() -> {
                try (Connection c = login(port, user)) {
                    if (user.equals(one(c, "select current_user"))) {
                        seenIn.add(user); // the client saw AuthenticationOk and its own role
                    }
                } catch (Exception e) {
                    // the engine was killed under this login: nothing to hold it to
                }
            });
        }
        // kill while most of the storm is still under way: as soon as a few of its logins got in
        Eventually.within(Duration.ofSeconds(120), () -> seenIn.size() + " logins of the storm got in; the engine's"
                + " last lines:\n" + String.join("\n", engine.text().lines().skip(Math.max(0,
                engine.text().lines().count() - 40)).toList()),
                () -> seenIn.size() >= RELAY_SESSIONS + 5);
        engine.kill9(); // no shutdown hook, no flush
        killed.set(true);
        engine.exitCode(Duration.ofSeconds(20));
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("no client hangs").isTrue();

        // while it is down the directory drops some users who got in: the restart must revoke them
        List<String> dropped = seenIn.stream().sorted().limit(4).toList();
        for (String user : dropped) {
            ldap.server().modify(TestDirectory.userDn(user), new Modification(ModificationType.DELETE, "memberOf",
                    ANALYSTS));
        }
        engine = EngineProcess.start(config, dir.resolve("data"));
        String recovered = engine.awaitLine("recovered after an unclean stop");
        Matcher n = Pattern.compile("(\\d+) roles reconciled").matcher(recovered);
        assertThat(n.find()).as(recovered).isTrue();
        assertThat(Integer.parseInt(n.group(1))).isGreaterThanOrEqualTo(seenIn.size());
        engine.sigterm(); // a clean stop
        engine.exitCode(Duration.ofSeconds(30));
        assertThat(dir.resolve("data").resolve(RunningMarker.FILE_NAME)).doesNotExist();

        try (Store store = Store.openDataDirectory(dir.resolve("data"))) {
            Set<String> audited = store.audit().query(AuditQuery.all().type(AuditEventType.AUTH_SUCCEEDED)
                    .limit(10_000)).stream().map(r -> r.event().user()).collect(Collectors.toSet());
            assertThat(audited).as("every login a client saw succeed is in the audit").containsAll(seenIn);
            assertThat(store.audit().query(AuditQuery.all().type(AuditEventType.ENGINE_RECOVERED).limit(10)))
                    .hasSize(1);
            assertThat(store.audit().verify().intact()).as("the audit chain verifies").isTrue();
        }
        for (String user : users) {
            String state = roleState(user);
            if (dropped.contains(user)) {
                assertThat(state).as(user + " (dropped from its group while the engine was down)")
                        .isEqualTo("nologin []");
            } else if (seenIn.contains(user)) {
                // analysts are nested in readers (DirectoryProxies.MAPPINGS)
                assertThat(state).as(user).isEqualTo("login [analyst_role, readonly_role]");
            } else {
                assertThat(state).as(user + " (its login was cut by the kill)")
                        .isIn("absent", "login [analyst_role, readonly_role]");
            }
        }
    }

    private List<String> newUsers() throws Exception {
        String prefix = "crash" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36) + "u";
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String uid = prefix + i;
            ldap.server().add("dn: " + TestDirectory.userDn(uid), "objectClass: inetOrgPerson",
                    "objectClass: rolegateTestAccount", "uid: " + uid, "cn: " + uid, "sn: " + uid,
                    "userPassword: " + TestDirectory.password(uid), "memberOf: " + ANALYSTS);
            users.add(uid);
        }
        return users;
    }

    private Path config() throws Exception {
        TestPostgres pg = TestPostgres.get();
        RolegateConfig base = RolegateConfig.defaults().withListen(ListenConfig.defaults().withPort(0))
                .withUpstream(new UpstreamConfig(pg.host(), pg.port(), UpstreamTlsMode.DISABLE, null));
        RolegateConfig c = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false).apply(base);
        c = c.withDirectory(c.directory().toBuilder().watch(WatchMode.POLL).pollInterval(Duration.ofMillis(500))
                .build());
        Path file = dir.resolve("rolegate.yaml");
        Files.writeString(file, ConfigWriter.toYaml(c));
        return file;
    }

    private static Connection login(int port, String user) throws Exception {
        Properties p = DirectoryProxies.tls();
        p.setProperty("user", user);
        p.setProperty("password", TestDirectory.password(user));
        p.setProperty("loginTimeout", "60");
        p.setProperty("sslResponseTimeout", "60000");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + TestPostgres.DATABASE, p);
    }

    /** One session running select 1 back to back until the engine dies under it. */
    private static void relay(int port, String user, Set<String> seenIn, AtomicLong relayed, AtomicBoolean killed) {
        try (Connection c = login(port, user); Statement s = c.createStatement()) {
            seenIn.add(user);
            while (!killed.get()) {
                s.execute("select 1");
                relayed.incrementAndGet();
            }
        } catch (Exception e) {
            // the engine was killed under this session
        }
    }

    private static String one(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** "absent", or "login"/"nologin" and the roles it is a member of. */
    private static String roleState(String role) throws Exception {
        try (Connection su = TestPostgres.get().superuser(); Statement s = su.createStatement();
             ResultSet rs = s.executeQuery("select r.rolcanlogin, array(select g.rolname from pg_auth_members m"
                     + " join pg_roles g on g.oid = m.roleid where m.member = r.oid order by 1)::text"
                     + " from pg_roles r where r.rolname = '" + role + "'")) {
            if (!rs.next()) {
                return "absent";
            }
            return (rs.getBoolean(1) ? "login " : "nologin ") + new TreeSet<>(List.of(rs.getString(2)
                    .replaceAll("[{}]", "").split(",")).stream().filter(x -> !x.isEmpty()).toList());
        }
    }
}
