package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 7: every admin action is on record with the console user who took it — cancel, disconnect, stop,
 * a restart (stop, then start of the successor), and quitting the console — and so are the ends of the sessions
 * those actions cut off, where the engine used to write no actor.
 */
class AdminActorsTest {
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

    private static ConsoleIdentity login(Engine e, String user) {
        return ConsoleProxy.login(e, user);
    }

    private static List<AuditRecord> records(Engine e, AuditEventType type, Predicate<AuditRecord> which) {
        return e.audit().records(AuditQuery.all().type(type)).stream().filter(which).toList();
    }

    @Test
    void cancelDisconnectStopAndRestartNameTheAdministratorAlsoOnTheSessionsTheyEnd() throws Exception {
        ConsoleIdentity alice = login(engine, "alice");
        Connection kept = proxy.session("alice");
        try (Connection cut = proxy.session("alice")) {
            long keptId = engine.sessions().get(0).id();
            long cutId = engine.sessions().get(1).id();
            engine.cancelQuery(keptId, alice).get();
            assertThat(engine.disconnect(cutId, "maintenance", alice)).isTrue();
            Eventually.within(WAIT, "the disconnected session's end record", () -> !records(engine,
                    AuditEventType.SESSION_ENDED, r -> String.valueOf(cutId).equals(r.event().sessionId())).isEmpty());
            assertThat(records(engine, AuditEventType.SESSION_ENDED,
                    r -> String.valueOf(cutId).equals(r.event().sessionId())))
                    .singleElement().satisfies(r -> assertThat(r.event().actor()).isEqualTo("alice"));
        }

        // Engine ▸ Restart: the console stops this engine and starts its successor, both as alice
        engine.stop(Duration.ZERO, alice);
        Engine next = engine.successor(engine.configuration());
        next.start(alice);
        try {
            List<AuditRecord> actions = records(next, AuditEventType.ADMIN_ACTION, r -> true);
            assertThat(actions).extracting(r -> r.event().actor() + ": " + r.event().message())
                    .anyMatch(s -> s.startsWith("alice: cancel the running query of session"))
                    .anyMatch(s -> s.startsWith("alice: disconnect session"))
                    .contains("alice: stop the engine (1 live sessions)", "alice: start the engine");
            assertThat(actions).filteredOn(r -> r.event().message().startsWith("stop the engine")).singleElement()
                    .satisfies(r -> assertThat(r.event().details()).contains("\"live_sessions\":1"));
            // the session the stop cut off says who stopped it
            assertThat(records(next, AuditEventType.SESSION_ENDED, r -> r.event().message().contains("shut")))
                    .isNotEmpty().allSatisfy(r -> assertThat(r.event().actor()).isEqualTo("alice"));
            assertThat(actions).allSatisfy(r -> assertThat(r.event().actor()).isNotBlank());
        } finally {
            kept.close();
            next.stop(Duration.ZERO);
        }
    }

    @Test
    void quittingTheConsoleIsOnRecordInTheNameOfWhoeverQuitsEvenReadOnly() throws Exception {
        ConsoleIdentity bob = login(engine, "bob");
        assertThat(bob.mayAdminister()).isFalse();
        try (Connection live = proxy.session("alice")) {
            engine.quit(Duration.ZERO, bob);
        }
        Engine after = engine.successor(engine.configuration());
        after.start();
        try {
            assertThat(records(after, AuditEventType.ADMIN_ACTION, r -> r.event().message().startsWith("quit")))
                    .singleElement().satisfies(r -> {
                        assertThat(r.event().actor()).isEqualTo("bob");
                        assertThat(r.event().message()).isEqualTo(
                                "quit the console, stopping the engine (1 live sessions)");
                    });
            assertThat(records(after, AuditEventType.SESSION_ENDED, r -> r.event().message().contains("shut")))
                    .singleElement().satisfies(r -> assertThat(r.event().actor()).isEqualTo("bob"));
        } finally {
            after.stop(Duration.ZERO);
        }
    }
}
