package io.rolegate.engine.faults;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.LiveSessions;
import io.rolegate.engine.testbed.SlapdServer;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rolegate.engine.faults.DirectoryHangTest.ANALYSTS;
import static io.rolegate.engine.faults.DirectoryHangTest.dn;
import static io.rolegate.engine.faults.DirectoryHangTest.password;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * slapd goes away and comes back every few seconds for {@link #FLAPPING}: frozen (SIGSTOP, a hung directory) or
 * stopped (port closed), in turn, while logins keep coming and a session stays open. Every login either works or
 * is refused with 08006 naming the directory; the open session is never touched; a group removal written in one of
 * the short up phases revokes once the watcher is back; afterwards logins work, and no LDAP connection or thread is
 * left over from the churn.
 */
@Tag("faults")
class DirectoryFlappingTest {
    /** How long the directory flaps. */
    static final Duration FLAPPING = Duration.ofSeconds(30);
    /** How long each down and each up phase lasts. */
    static final Duration PHASE = Duration.ofMillis(2_000);
    private static final int POOL_SIZE = 2;

    @TempDir
    Path dataDir;

    @Test
    void aFlappingDirectoryEndsInTheRightStateWithNoLeftoverConnectionsOrThreads() throws Exception {
        try (SlapdServer slapd = DirectoryHangTest.startWithUsers(List.of("flopen", "flgone", "fllogin"));
             TestProxy proxy = DirectoryHangTest.startProxy(slapd, dataDir, Duration.ZERO);
             Connection open = DirectoryProxies.login(proxy, "flopen", password("flopen"));
             Connection gone = DirectoryProxies.login(proxy, "flgone", password("flgone"))) {
            Map<String, Integer> threadsBefore = ldapThreads();
            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            List<String> unexpected = new CopyOnWriteArrayList<>();
            AtomicBoolean flapping = new AtomicBoolean(true);
            Thread logins = new Thread(() -> loginUntil(proxy, flapping, outcomes, unexpected), "flapping-logins");
            logins.start();
            boolean removed = false;
            int cycles = 0;
            long end = System.nanoTime() + FLAPPING.toNanos();
            try {
                while (System.nanoTime() < end) {
                    boolean freeze = cycles % 2 == 0;
                    if (freeze) {
                        slapd.pause();
                    } else {
                        slapd.stop();
                    }
                    Thread.sleep(PHASE.toMillis());
                    if (freeze) {
                        slapd.resume();
                    } else {
                        slapd.start();
                    }
                    if (cycles == 3) {
                        assertThat(DirectoryProxies.one(gone, "select current_user")).isEqualTo("flgone");
                        try (LDAPConnection admin = slapd.admin()) {
                            admin.modify(ANALYSTS, new Modification(ModificationType.DELETE, "member", dn("flgone")));
                        }
                        removed = true;
                    }
                    assertThat(DirectoryProxies.one(open, "select 41 + 1")).as("the open session relays").isEqualTo("42");
                    Thread.sleep(PHASE.toMillis());
                    cycles++;
                }
            } finally {
                flapping.set(false);
                slapd.resume();
                slapd.start();
                logins.join(30_000);
            }
            assertThat(removed).isTrue();
            System.out.printf("flapping directory: %d down/up cycles of %d ms in %d s; logins %s%n", cycles,
                    PHASE.toMillis(), FLAPPING.toSeconds(), outcomes);
            assertThat(unexpected).as("login outcomes other than success or 08006 'directory unavailable'").isEmpty();
            assertThat(outcomes.get("refused 08006")).as("some logins met the directory down").isNotNull();

            Eventually.within(Duration.ofSeconds(60), "the watcher is back after the flapping",
                    () -> proxy.engine().directory().watcherHealth().connected());
            LiveSessions.assertEndedByRevocation(LiveSessions.queryLoop(gone));
            assertThat(proxy.engine().directory().upstreamRoles())
                    .anyMatch(r -> r.name().equals("flgone") && !r.canLogin());
            try (Connection again = DirectoryProxies.login(proxy, "fllogin", password("fllogin"))) {
                assertThat(DirectoryProxies.one(again, "select current_user")).isEqualTo("fllogin");
            }
            assertThat(DirectoryProxies.one(open, "select current_user")).isEqualTo("flopen");

            int bound = 2 * POOL_SIZE + 1; // search pool, bind pool, the watcher's one connection
            Eventually.within(Duration.ofSeconds(30), () -> "LDAP connections to slapd settle at most " + bound
                    + "; now " + connections(slapd), () -> connections(slapd) <= bound);
            Eventually.within(Duration.ofSeconds(30), () -> "LDAP threads back to " + threadsBefore + "; now "
                    + ldapThreads(), () -> ldapThreads().equals(threadsBefore));
            System.out.printf("after flapping: %d LDAP connections to slapd (at most %d), LDAP threads %s%n",
                    connections(slapd), bound, ldapThreads());
        }
    }

    private static int connections(SlapdServer slapd) {
        try {
            return slapd.clientConnections();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Watcher threads and the LDAP SDK's connection readers (pooled connections have none: synchronous mode). */
    static Map<String, Integer> ldapThreads() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && name.startsWith("rolegate-watch-")) {
                counts.merge("watcher", 1, Integer::sum);
            } else if (t.isAlive() && name.startsWith("Connection reader")) {
                counts.merge("ldap reader", 1, Integer::sum);
            }
        }
        return counts;
    }

    private static void loginUntil(TestProxy proxy, AtomicBoolean going, Map<String, AtomicInteger> outcomes,
                                   List<String> unexpected) {
        while (going.get()) {
            String outcome;
            try (Connection c = DirectoryProxies.login(proxy, "fllogin", password("fllogin"))) {
                outcome = "fllogin".equals(DirectoryProxies.one(c, "select current_user")) ? "ok" : "wrong user";
            } catch (SQLException e) {
                outcome = "08006".equals(e.getSQLState()) && e.getMessage().contains("directory unavailable")
                        ? "refused 08006" : e.getSQLState() + " " + e.getMessage();
            } catch (Exception e) {
                outcome = e.toString();
            }
            outcomes.computeIfAbsent(outcome.startsWith("ok") || outcome.startsWith("refused") ? outcome : "other",
                    k -> new AtomicInteger()).incrementAndGet();
            if (!outcome.equals("ok") && !outcome.equals("refused 08006")) {
                unexpected.add(outcome);
            }
        }
    }
}
