package io.rolegate.console.shell;

import io.rolegate.engine.api.model.SessionActivity;
import io.rolegate.console.engine.EngineTick;
import io.rolegate.console.sessions.SessionCount;
import io.rolegate.engine.api.model.ThroughputSample;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static io.rolegate.console.sessions.Snapshots.T0;
import static io.rolegate.console.sessions.Snapshots.session;
import static org.assertj.core.api.Assertions.assertThat;

class ShellViewModelTest {
    private final ShellViewModel vm = new ShellViewModel();

    @Test
    void theStatusBarFollowsTheEngineAndTheLatestSample() {
        assertThat(vm.engineStateProperty().get()).isEqualTo("Engine not started");
        vm.starting("Starting the demo");
        assertThat(vm.healthProperty().get()).isEqualTo(ShellViewModel.Health.STARTING);
        vm.running(new InetSocketAddress("127.0.0.1", 6432), null);
        assertThat(vm.listenAddressProperty().get()).isEqualTo("Listening on 127.0.0.1:6432");
        vm.onTick(new EngineTick(T0, List.of(new ThroughputSample(T0, 2048, 10, 1, 1, 12, 0, 1, 2)),
                List.of(session(1, "alice", "sales", "psql", SessionActivity.IDLE, T0)), 2));
        assertThat(vm.sessionsProperty().get()).isEqualTo("1 session · 2 connections");
        assertThat(vm.throughputNowProperty().get()).isEqualTo("in 2.0 KB/s · out 10 B/s · 12 queries/s");
        vm.onTick(new EngineTick(T0, List.of(), List.of(session(1, "alice", "sales", "psql", SessionActivity.IDLE, T0)), 1));
        assertThat(vm.sessionsProperty().get()).isEqualTo("1 session · 1 connection");
    }

    @Test
    void theStatusBarCountsTheFleetLikeTheSessionsViewAndThisNodesShare() {
        vm.running(new InetSocketAddress("127.0.0.1", 6432), null);
        var here = List.of(session(1, "alice", "sales", "psql", SessionActivity.IDLE, T0));
        vm.onTick(new EngineTick(T0, List.of(), here, 3));
        vm.sessionsCounted(new SessionCount(5, 3, 1));
        assertThat(vm.sessionsProperty().get()).isEqualTo("5 sessions on 3 nodes (1 on this node) · 3 connections");
        vm.onTick(new EngineTick(T0, List.of(), here, 2)); // the next tick: the view's count stands until it counts again
        assertThat(vm.sessionsProperty().get()).isEqualTo("5 sessions on 3 nodes (1 on this node) · 2 connections");
        assertThat(vm.sessionsThatWouldEnd()).as("a stop ends this node's sessions only").hasValue("1 live session will end");

        vm.locked(new io.rolegate.console.login.ConsoleUser("alice", "Alice", true, "admin", null));
        assertThat(vm.sessionsProperty().get()).as("behind the lock nobody counts the fleet: the engine's own")
                .isEqualTo("1 session · 2 connections");

        vm.sessionsCounted(new SessionCount(1, 1, 1));
        assertThat(vm.sessionsProperty().get()).as("one node: as before").isEqualTo("1 session · 2 connections");
    }

    @Test
    void attachedTheStatusBarSaysNoConnectionCountItWasNotTold() {
        vm.attached("https://edge-1:9443 (node edge-1)");
        vm.onTick(new EngineTick(T0, List.of(), List.of(session(1, "alice", "sales", "psql", SessionActivity.IDLE, T0),
                session(2, "bob", "sales", "psql", SessionActivity.IDLE, T0)), EngineTick.UNKNOWN));
        assertThat(vm.sessionsProperty().get()).isEqualTo("2 sessions");
        vm.sessionsCounted(new SessionCount(2, 2, 0));
        assertThat(vm.sessionsProperty().get()).isEqualTo("2 sessions on 2 nodes (0 on this node)");
    }

    @Test
    void engineActionsAreOfferedOnlyWhenTheyMakeSense() {
        List<String> asked = new java.util.ArrayList<>();
        vm.engineActions(new ShellViewModel.EngineActions() {
            @Override
            public void start() {
                asked.add("start");
            }

            @Override
            public void stop() {
                asked.add("stop");
            }

            @Override
            public void restart() {
                asked.add("restart");
            }
        });
        vm.running(new InetSocketAddress("127.0.0.1", 6432), null);
        assertThat(vm.canStopProperty().get()).isTrue();
        assertThat(vm.canStartProperty().get()).isFalse();
        vm.startEngine(); // already running: nothing happens
        vm.stopping();
        assertThat(vm.canStopProperty().get()).isFalse();
        assertThat(vm.canStartProperty().get()).isFalse();
        vm.restartEngine(); // stopping already: nothing happens
        vm.stopped();
        assertThat(vm.engineStateProperty().get()).isEqualTo("Engine stopped");
        assertThat(vm.listenAddressProperty().get()).isEqualTo("not listening");
        assertThat(vm.canStartProperty().get()).isTrue();
        vm.stopEngine(); // stopped already: nothing happens
        vm.startEngine();
        assertThat(asked).containsExactly("start");
    }

    @Test
    void aFailedStartSaysWhy() {
        vm.failed("could not listen on 127.0.0.1:6432: Address already in use");
        assertThat(vm.healthProperty().get()).isEqualTo(ShellViewModel.Health.FAILED);
        assertThat(vm.progressProperty().get()).contains("Address already in use");
    }

    @Test
    void theDemoCommandCarriesThePasswordInPgpassword() {
        ConnectHint hint = ConnectHint.psql(new InetSocketAddress("127.0.0.1", 40001), "demo", "pw123", "sales");
        assertThat(hint.command()).isEqualTo("PGPASSWORD='pw123' psql \"host=127.0.0.1 port=40001 user=demo "
                + "dbname=sales application_name=psql-demo\"");
    }

    @Test
    void behindTheLoginFormNoViewCanBeChosenAndTheStatusBarSaysNobodyIsLoggedIn() {
        vm.running(new InetSocketAddress("127.0.0.1", 6432), null);
        vm.awaitingLogin();
        assertThat(vm.canChooseViewProperty().get()).isFalse();
        assertThat(vm.userProperty().get()).startsWith("Nobody logged in");
        vm.choose(Page.AUDIT);
        assertThat(vm.pageProperty().get()).isEqualTo(Page.SESSIONS);

        vm.loggedIn(io.rolegate.console.login.ConsoleUser.of(new io.rolegate.engine.api.model.ConsoleIdentity("carol", "", "Carol Reader", false, "member of readers")));
        assertThat(vm.canChooseViewProperty().get()).isTrue();
        assertThat(vm.userProperty().get()).isEqualTo("Carol Reader (carol) · read-only");
        vm.choose(Page.AUDIT);
        assertThat(vm.pageProperty().get()).isEqualTo(Page.AUDIT);
    }

    @Test
    void logOutAndLockAreForAPersonWhoLoggedInAndNotBehindTheForm() {
        var carol = io.rolegate.console.login.ConsoleUser.of(new io.rolegate.engine.api.model.ConsoleIdentity(
                "carol", "", "Carol Reader", false, "member of readers"));
        int[] calls = new int[2];
        vm.accountActions(new ShellViewModel.AccountActions() {
            @Override
            public void logOut() {
                calls[0]++;
            }

            @Override
            public void lock() {
                calls[1]++;
            }
        });
        vm.running(new InetSocketAddress("127.0.0.1", 6432), null);
        vm.loggedIn(carol); // the operator of an engine without console logins: no login to end
        assertThat(vm.canLogOutProperty().get()).isFalse();
        vm.lock();
        vm.logOut();
        assertThat(calls).containsExactly(0, 0);

        vm.loggedIn(carol, true);
        assertThat(vm.canLogOutProperty().get()).isTrue();
        vm.lock();
        assertThat(calls).containsExactly(0, 1);
        vm.locked(carol);
        assertThat(vm.canLogOutProperty().get()).isFalse();
        assertThat(vm.canChooseViewProperty().get()).isFalse();
        assertThat(vm.userProperty().get()).isEqualTo("Locked by carol");
        vm.lock(); // Ctrl+L on the lock screen does nothing
        assertThat(calls).containsExactly(0, 1);
        vm.loggedIn(carol, true);
        vm.logOut();
        assertThat(calls).containsExactly(1, 1);
    }
}
