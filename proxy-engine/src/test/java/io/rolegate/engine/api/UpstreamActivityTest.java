package io.rolegate.engine.api;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.SessionActivityFacts;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.UpstreamActivity;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 3 at the door: the facts pgAdmin shows about a session — its statement, state, wait event and who
 * blocks it — read from the real upstream's pg_stat_activity over the engine's monitoring connection, statement
 * text whole for an administrator and redacted for a read-only console user, and a clear word when the monitoring
 * role lacks the grant instead of wrong facts.
 */
class UpstreamActivityTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    Path dataDir;
    ConsoleProxy proxy;
    Engine engine;

    @BeforeEach
    void start() throws Exception {
        proxy = ConsoleProxy.start(dataDir);
        engine = proxy.engine();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private ConsoleIdentity login(String user) {
        return ConsoleProxy.login(engine, user);
    }

    @Test
    void aBlockedSessionIsWaitingOnALockHeldByTheOtherAndOnlyAnAdministratorReadsItsLiterals() throws Exception {
        ConsoleIdentity alice = login("alice");
        ConsoleIdentity bob = login("bob");
        try (Connection holder = proxy.session("alice");
             Connection waiter = proxy.session("alice")) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(4242)");
            }
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try (Statement s = waiter.createStatement()) {
                    s.execute("SELECT pg_advisory_lock(4242), 'card 4111-1111'");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            var sessions = engine.sessions().stream().sorted(Comparator.comparingLong(SessionSnapshot::id)).toList();
            long holderId = sessions.get(0).id();
            long waiterId = sessions.get(1).id();

            SessionActivityFacts seen = Eventually.within(WAIT, "the waiter's facts", () -> engine
                    .upstreamActivity(alice).of(waiterId).orElse(null), f -> f != null && f.waiting());
            assertThat(seen.stateLabel()).isEqualTo("waiting");
            assertThat(seen.state()).isEqualTo("active");
            assertThat(seen.waitEventLabel()).isEqualTo("Lock: advisory");
            assertThat(seen.blockingSessions()).containsExactly(holderId);
            assertThat(seen.backendPid()).isEqualTo(sessions.get(1).backendPid());
            assertThat(seen.queryStart()).isNotNull();
            assertThat(seen.query()).contains("'card 4111-1111'");
            assertThat(seen.queryRedacted()).isFalse();

            UpstreamActivity asBob = engine.upstreamActivity(bob);
            SessionActivityFacts bobSees = asBob.of(waiterId).orElseThrow();
            assertThat(bobSees.query()).doesNotContain("4111").contains("pg_advisory_lock(?)");
            assertThat(bobSees.queryRedacted()).isTrue();
            assertThat(asBob.of(holderId).orElseThrow().stateLabel()).isEqualTo("idle in transaction");
            assertThat(asBob.problem()).isNull();

            holder.commit();
            blocked.get(20, TimeUnit.SECONDS);
            Eventually.within(WAIT, "the waiter no longer waits", () -> engine.upstreamActivity(alice)
                    .of(waiterId).map(f -> !f.waiting() && "idle".equals(f.state())).orElse(false));
        }
    }

    @Test
    void withoutTheMonitoringGrantTheConsoleIsToldWhatToGrantInsteadOfShownEmptyFacts() throws Exception {
        ConsoleIdentity alice = login("alice");
        try (Connection su = TestPostgres.get().superuser(); Statement s = su.createStatement();
             Connection session = proxy.session("alice")) {
            s.execute("REVOKE pg_monitor FROM " + TestPostgres.ADMIN_USER);
            try {
                UpstreamActivity a = Eventually.within(WAIT, "a reading", () -> engine.upstreamActivity(alice),
                        r -> r.problem() != null);
                assertThat(a.problem()).contains("GRANT pg_monitor");
                assertThat(a.bySession()).isEmpty();
            } finally {
                s.execute("GRANT pg_monitor TO " + TestPostgres.ADMIN_USER);
            }
            Eventually.within(WAIT, "facts once granted", () -> engine.upstreamActivity(alice),
                    r -> r.problem() == null && !r.bySession().isEmpty());
        }
    }

    @Test
    void anEngineWithoutAnAdminConnectionSaysItHasNoMonitor() throws Exception {
        try (TestProxy passthrough = TestProxy.start(dataDir.resolve("p"));
             Connection c = passthrough.connect()) {
            ConsoleIdentity operator = passthrough.engine().operator("root");
            UpstreamActivity a = passthrough.engine().upstreamActivity(operator);
            assertThat(a.problem()).contains("upstream.admin is not set");
            assertThat(a.bySession()).isEmpty();
        }
    }
}
