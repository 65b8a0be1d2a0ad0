package io.rolegate.engine.cli;

import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.EngineFleet;
import io.rolegate.engine.testbed.StoreLoad;
import io.rolegate.engine.testbed.TestCertificates;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How {@link ThreeEngineFleetTest} reaches its fleet: pgjdbc and psql logins through HAProxy or straight to a node,
 * {@code rolegate-proxy admin} as a console user, reads of the shared store, and a busy-sessions load whose store
 * cost it prints (for src-docs/fleet.md; never asserted).
 */
final class FleetClients {
    private final EngineFleet fleet;
    private final Path dir;
    private final TestCertificates.PemSet api;

    FleetClients(EngineFleet fleet, Path dir, TestCertificates.PemSet api) {
        this.fleet = fleet;
        this.dir = dir;
        this.api = api;
    }

    CliRun admin(String user, String... words) {
        return CliRun.asConsoleUser(dir, api.ca(), user, words);
    }


    /** A pgjdbc login through HAProxy from 127.0.0.2 (HAProxy itself is 127.0.0.1). */
    Connection throughHaproxy(String user) throws SQLException {
        return pgjdbc(fleet.front(), user);
    }

    /** A pgjdbc login to node {@code i} itself, bypassing HAProxy (from 127.0.0.2: no PROXY header expected). */
    Connection direct(int i, String user) throws Exception {
        return pgjdbc(fleet.node(i).port(), user);
    }

    static Connection pgjdbc(int port, String user) throws SQLException {
        Properties p = DirectoryProxies.tls();
        p.setProperty("user", user);
        p.setProperty("password", TestDirectory.password(user));
        p.setProperty("localSocketAddress", "127.0.0.2");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + TestPostgres.DATABASE, p);
    }

    /** psql connecting to HAProxy's IPv6 loopback address, so it comes from ::1. */
    String psqlThroughHaproxy(String user) throws Exception {
        return DirectoryProxies.psql("::1", fleet.front(), user, "select current_user");
    }

    static Set<String> nodesOf(Connection store, String user) throws SQLException {
        return new TreeSet<>(column(store, "select node from audit_event where event_type = 'AUTH_SUCCEEDED' and"
                + " user_name = '" + user + "'"));
    }

    static List<String> column(Connection store, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = store.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static void report(String line) {
        System.out.println("ThreeEngineFleetTest: " + line);
    }

    /** Six sessions through HAProxy running a statement every 20 ms for 5 s: the store's load meanwhile. */
    void busySessions(Connection store, StoreLoad.Idle background) throws Exception {
        List<Connection> sessions = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Long>> loops = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                sessions.add(throughHaproxy("alice"));
            }
            StoreLoad from = StoreLoad.of(store);
            for (Connection c : sessions) {
                loops.add(CompletableFuture.supplyAsync(() -> {
                    long n = 0;
                    try (Statement s = c.createStatement()) {
                        while (!stop.get()) {
                            s.execute("select 1");
                            n++;
                            Thread.sleep(20);
                        }
                    } catch (SQLException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return n;
                }));
            }
            Thread.sleep(5_000);
            stop.set(true);
            long statements = 0;
            for (CompletableFuture<Long> l : loops) {
                statements += l.get(60, TimeUnit.SECONDS);
            }
            StoreLoad to = StoreLoad.of(store);
            report(to.since(from, "6 busy sessions (" + statements + " statements) on 3 nodes", 0, background));
        } finally {
            stop.set(true);
            for (Connection c : sessions) {
                c.close();
            }
        }
    }

    /** alice's pgjdbc session through HAProxy from 127.0.0.2, named {@code application} so the store can find it. */
    Connection aliceThroughHaproxyAs(String application) throws SQLException {
        Properties p = DirectoryProxies.tls();
        p.setProperty("user", "alice");
        p.setProperty("password", TestDirectory.password("alice"));
        p.setProperty("localSocketAddress", "127.0.0.2");
        p.setProperty("ApplicationName", application);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + fleet.front() + "/" + TestPostgres.DATABASE,
                p);
    }

    /** {node, session id} of the session named {@code application}, once its node has published it. */
    static String[] publishedAt(Connection store, String application) throws Exception {
        return io.rolegate.engine.testbed.Eventually.within(java.time.Duration.ofSeconds(30),
                application + " is published", () -> column(store, "select node || ' ' || session_id from"
                        + " fleet_session where application_name = '" + application + "'"), rows -> !rows.isEmpty())
                .get(0).split(" ");
    }
}
