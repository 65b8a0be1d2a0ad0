package io.rolegate.engine.session;

import io.rolegate.engine.config.LoginQueueConfig;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 item 7: a storm of concurrent TLS directory logins whose managed roles are new (first day), or whose
 * passwords must be set again (another master key), against the real directory (UnboundID over TCP) and real
 * PostgreSQL. Every login lands or, beyond what the machine serves within {@code limits.loginQueue.maxWait}, gets
 * a clear 53300 "server busy, retry in N s"; a client that retries as told gets in. None times out or hangs (a
 * client that waits 150 s for an answer fails the test).
 *
 * <p>Speed is measured in bench/connect --storm, not asserted here: the startup timeout is raised to 2 minutes and
 * {@code maxWait} to one, because on a CI machine shared with other builds (load 20–40 on 2 cores when this was
 * written) a TLS handshake alone took seconds; with the defaults (15 s, 10 s) this test got 15 of 120 first logins
 * in there and the rest refused as busy or timed out (an earlier version without the early refusal: 38 in, 82
 * timed out).
 * How many are refused depends on the machine, so the first test counts refusals but does not assert their
 * number; the second one makes the capacity tiny so that refusals must happen. 1–2 minutes on that machine.
 */
@Tag("faults")
class LoginStormTest {
    private static final int STORM = 100;
    private static final String ANALYSTS = TestDirectory.groupDn("analysts");

    @TempDir
    Path firstDataDir;
    @TempDir
    Path secondDataDir;
    TestDirectory ldap;
    final List<TestProxy> proxies = new ArrayList<>();

    @AfterEach
    void stop() {
        proxies.forEach(TestProxy::close);
        if (ldap != null) {
            ldap.close();
        }
    }

    @Test
    void everyFirstLoginLandsAndSoDoesEveryPasswordSetAgain() throws Exception {
        List<String> users = newUsers(STORM);
        TestProxy first = proxy(firstDataDir, q -> q);
        assertThat(storm(first, users, true)).as("outcome -> logins, first logins of new roles")
                .isEqualTo(Map.of("in", STORM));
        assertThat(managedRoles(users)).isEqualTo(STORM);
        first.close();
        proxies.remove(first);

        // another data directory, so another master key: every role exists with a password this engine did not make
        TestProxy second = proxy(secondDataDir, q -> q);
        assertThat(storm(second, users, true)).as("outcome -> logins, passwords set again")
                .isEqualTo(Map.of("in", STORM));
    }

    @Test
    void beyondCapacityTheRestIsRefusedWithServerBusyNotATimeout() throws Exception {
        List<String> users = newUsers(60);
        TestProxy small = proxy(firstDataDir, q -> new LoginQueueConfig(2, 1, 4, q.maxWait()));
        Map<String, Integer> outcomes = storm(small, users, false);
        assertThat(outcomes.keySet()).as("every login is let in or told the server is busy")
                .containsExactlyInAnyOrder("in", "53300 busy");
        assertThat(outcomes.get("in") + outcomes.get("53300 busy")).isEqualTo(users.size());
        // what /metrics shows of the storm: every refusal counted under its reason, nothing left under way
        var queue = small.engine().directoryMetrics().orElseThrow().loginQueue();
        assertThat(queue.refusedFull() + queue.refusedWait() + queue.refusedStale())
                .isEqualTo(outcomes.get("53300 busy").longValue());
        assertThat(queue.maxWaiting()).isEqualTo(4);
        io.rolegate.engine.testbed.Eventually.within(Duration.ofSeconds(30), "no login left under way",
                () -> small.engine().directoryMetrics().orElseThrow().loginQueue().underWay() == 0);
        // those refused get in once the storm is over
        for (String user : users.subList(0, 5)) {
            assertThat(login(small, user)).isEqualTo("in");
        }
    }

    private TestProxy proxy(Path dataDir, UnaryOperator<LoginQueueConfig> queue) {
        var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        TestProxy proxy = TestProxy.start(dataDir, c -> {
            var d = base.apply(c);
            var limits = d.limits().withStartupTimeout(Duration.ofMinutes(2));
            var q = limits.loginQueue();
            q = new LoginQueueConfig(q.workers(), q.adminConnections(), q.maxWaiting(), Duration.ofMinutes(1));
            return d.withLimits(limits.withLoginQueue(queue.apply(q)))
                    .withDirectory(d.directory().toBuilder().responseTimeout(Duration.ofSeconds(30)).build());
        });
        proxies.add(proxy);
        return proxy;
    }

    /** New analysts (mapped to analyst_role) no engine has seen; their roles do not exist upstream. */
    private List<String> newUsers(int n) throws Exception {
        if (ldap == null) {
            ldap = TestDirectory.start(InetAddress.getLoopbackAddress());
        }
        String prefix = "storm" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36) + "u";
        List<String> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String uid = prefix + i;
            ldap.server().add("dn: " + TestDirectory.userDn(uid), "objectClass: inetOrgPerson",
                    "objectClass: rolegateTestAccount", "uid: " + uid, "cn: " + uid, "sn: " + uid,
                    "userPassword: " + TestDirectory.password(uid), "memberOf: " + ANALYSTS);
            users.add(uid);
        }
        return users;
    }

    /**
     * All users log in at once, each on its own thread; how many got in, and how each other one ended. With
     * {@code retry}, a client told the server is busy waits as long as it was told and tries again, like a pool.
     */
    private static Map<String, Integer> storm(TestProxy proxy, List<String> users, boolean retry) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(users.size());
        CountDownLatch go = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (String user : users) {
                outcomes.add(clients.submit(() -> {
                    go.await();
                    String outcome = login(proxy, user);
                    for (int attempt = 0; retry && outcome.startsWith("53300 busy") && attempt < 20; attempt++) {
                        told.incrementAndGet();
                        Thread.sleep(1000L * Math.min(10, Integer.parseInt(outcome.substring(outcome.lastIndexOf(' ') + 1))));
                        outcome = login(proxy, user);
                    }
                    return outcome.startsWith("53300 busy") ? "53300 busy" : outcome;
                }));
            }
            go.countDown();
            Map<String, Integer> counts = new TreeMap<>();
            for (Future<String> f : outcomes) {
                counts.merge(f.get(5, TimeUnit.MINUTES), 1, Integer::sum);
            }
            // printed, not asserted: how conservative the admission was on this machine (bench/connect --storm)
            System.out.println("login storm of " + users.size() + ": " + counts + ", " + told.get()
                    + " told 53300 busy and retried");
            return counts;
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * "in" after a query as the user's own role; "53300 busy N" for a clear refusal (N: the seconds to wait);
     * anything else as it was said. The client's own timeouts are generous: in CI it shares a busy JVM.
     */
    private static String login(TestProxy proxy, String user) {
        var props = DirectoryProxies.tls();
        props.setProperty("loginTimeout", "150");
        props.setProperty("socketTimeout", "150");
        props.setProperty("connectTimeout", "150");
        props.setProperty("sslResponseTimeout", "150000");
        try (Connection c = proxy.connect(user, TestDirectory.password(user), props)) {
            return user.equals(one(c, "select current_user")) ? "in" : "in as someone else";
        } catch (PSQLException e) {
            var retryIn = java.util.regex.Pattern.compile("retry in (\\d+) s").matcher(e.getMessage());
            boolean busy = "53300".equals(e.getSQLState()) && e.getMessage().contains("server busy") && retryIn.find();
            return busy ? "53300 busy " + retryIn.group(1) : e.getSQLState() + " " + e.getMessage();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static int managedRoles(List<String> users) throws Exception {
        try (Connection su = TestPostgres.get().superuser()) {
            return Integer.parseInt(one(su, "select count(*) from pg_roles r where r.rolname like '"
                    + users.get(0).replaceAll("\\d+$", "") + "%' and shobj_description(r.oid, 'pg_authid') like"
                    + " 'rolegate-managed%' and pg_has_role(r.oid, 'analyst_role', 'member')"));
        }
    }
}
