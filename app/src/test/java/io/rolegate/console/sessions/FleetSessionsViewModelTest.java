package io.rolegate.console.sessions;

import io.rolegate.console.common.SameThreadTaskExecutor;
import io.rolegate.console.common.ScriptedDialogs;
import io.rolegate.engine.api.model.FleetActionResult;
import io.rolegate.engine.api.model.FleetActionResult.Outcome;
import io.rolegate.engine.api.model.SessionActivity;
import io.rolegate.engine.api.model.SessionActivityFacts;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.UpstreamActivity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.rolegate.console.sessions.Snapshots.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sessions view of a fleet (decision 0028): this node's sessions from the feed, the others' read in the
 * background, keyed by node and id (ids start at 1 on every node), and every action sent to the session's node.
 */
class FleetSessionsViewModelTest {
    private final List<String> asked = new ArrayList<>();
    private List<SessionSnapshot> published = List.of();
    private RuntimeException storeDown;
    private FleetActionResult answer;
    private final SessionActions actions = new SessionActions() {
        @Override
        public boolean disconnect(long sessionId, String reason) {
            throw new AssertionError("a fleet console names the node");
        }

        @Override
        public CompletableFuture<Boolean> cancelQuery(long sessionId) {
            throw new AssertionError("a fleet console names the node");
        }

        @Override
        public String node() {
            return "edge-1";
        }

        @Override
        public List<SessionSnapshot> otherNodes() {
            if (storeDown != null) {
                throw storeDown;
            }
            return published;
        }

        @Override
        public FleetActionResult disconnect(String node, long sessionId, String reason) {
            asked.add("disconnect " + node + " #" + sessionId + ": " + reason);
            return answer;
        }

        @Override
        public FleetActionResult cancelQuery(String node, long sessionId) {
            asked.add("cancel " + node + " #" + sessionId);
            return answer;
        }

        @Override
        public Optional<String> traceRefusal() {
            return Optional.empty();
        }
    };
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final SessionsViewModel vm = new SessionsViewModel(actions, new SameThreadTaskExecutor(), dialogs);

    private static SessionSnapshot on(String node, long id, String user) {
        SessionSnapshot s = Snapshots.session(id, user, "sales", "psql", SessionActivity.IDLE, T0);
        return new SessionSnapshot(s.id(), s.user(), s.database(), s.applicationName(), s.clientAddress(), s.state(),
                node.equals("edge-1") ? "TLSv1.3 TLS_AES_256_GCM_SHA384" : null, s.backendPid(), s.started(), 10, 20,
                1, 2, 0, 0, 0, 0, null, null, s.roles(), null, null, node);
    }

    private SessionRow row(String node, long id) {
        return vm.rows().stream().filter(r -> r.node().equals(node) && r.id() == id).findFirst().orElseThrow();
    }

    @Test
    void theSameIdOnTwoNodesIsTwoRowsAndTheNodeColumnShowsOnlyInAFleet() {
        vm.update(List.of(on("edge-1", 1, "alice")), T0.plusSeconds(1));
        assertThat(vm.nodes().severalProperty().get()).as("one node: no Node column").isFalse();
        assertThat(vm.summaryProperty().get()).isEqualTo("1 session · 0 active");
        assertThat(vm.count()).isEqualTo(new SessionCount(1, 1, 1));

        published = List.of(on("edge-2", 1, "bob"), on("edge-3", 4, "carol"));
        vm.update(List.of(on("edge-1", 1, "alice")), T0.plusSeconds(2));

        assertThat(vm.rows()).extracting(r -> r.node() + " #" + r.id() + " " + r.snapshot().user())
                .containsExactlyInAnyOrder("edge-1 #1 alice", "edge-2 #1 bob", "edge-3 #4 carol");
        assertThat(vm.nodes().severalProperty().get()).isTrue();
        assertThat(vm.nodes().choices()).containsExactly(FleetNodes.ALL_NODES, "edge-1", "edge-2", "edge-3");
        assertThat(vm.nodes().label(row("edge-1", 1))).isEqualTo("edge-1 (this node)");
        assertThat(vm.nodes().label(row("edge-2", 1))).isEqualTo("edge-2");
        assertThat(vm.summaryProperty().get()).isEqualTo("3 sessions on 3 nodes · 0 active");
        assertThat(vm.count()).as("for the status bar").isEqualTo(new SessionCount(3, 3, 1));

        vm.nodes().filterProperty().set("edge-2");
        assertThat(vm.rows()).extracting(SessionRow::key).containsExactly(new SessionRow.Key("edge-2", 1));
        vm.nodes().filterProperty().set(FleetNodes.ALL_NODES);
        vm.filterTextProperty().set("edge-3");
        assertThat(vm.rows()).extracting(r -> r.snapshot().user()).containsExactly("carol");
        assertThat(vm.count()).as("the fleet's count, whatever the filter shows").isEqualTo(new SessionCount(3, 3, 1));
    }

    @Test
    void anotherNodesSessionGetsNoneOfThisNodesUpstreamFactsAndItsDetailsSayWhatStaysThere() {
        published = List.of(on("edge-2", 1, "bob"));
        SessionActivityFacts waiting = new SessionActivityFacts(1, 4001, "active", "update orders set amount = 0",
                false, T0, T0, "Lock", "transactionid", List.of(), List.of());
        UpstreamActivity upstream = new UpstreamActivity(T0, Map.of(1L, waiting), null);
        vm.update(List.of(on("edge-1", 1, "alice")), upstream, T0.plusSeconds(2));
        assertThat(row("edge-1", 1).facts()).isEqualTo(waiting);
        assertThat(row("edge-2", 1).facts()).as("#1 upstream is alice's backend, not bob's").isNull();

        vm.selectedProperty().set(row("edge-2", 1));
        assertThat(vm.details()).contains(new DetailLine("User", "bob"))
                .anySatisfy(l -> assertThat(l.label() + ": " + l.value()).startsWith("Node: edge-2"))
                .anySatisfy(l -> assertThat(l.value()).contains("attach the console to edge-2"))
                .noneSatisfy(l -> assertThat(l.label()).isEqualTo("TLS"));
        assertThat(vm.mayTraceSelectedProperty().get()).as("a trace runs where the session does").isFalse();
        assertThat(vm.whyNoTraceProperty().get()).contains("lives on node edge-2");
        assertThat(vm.mayActOnSelectedProperty().get()).isTrue();
    }

    @Test
    void disconnectAndCancelGoToTheSessionsNodeAndSayWhatBecameOfIt() {
        published = List.of(on("edge-2", 1, "bob"));
        vm.update(List.of(on("edge-1", 1, "alice")), T0.plusSeconds(1));
        vm.update(List.of(on("edge-1", 1, "alice")), T0.plusSeconds(2));
        SessionRow bob = row("edge-2", 1);
        vm.selectedProperty().set(bob);

        answer = new FleetActionResult("edge-2", 1, Outcome.DONE, "node edge-2: session 1 ended (57P01)");
        dialogs.answering("maintenance");
        vm.disconnectSelected();
        assertThat(asked).containsExactly("disconnect edge-2 #1: maintenance");
        assertThat(bob.status()).isEqualTo("disconnected by you: maintenance");
        assertThat(vm.lastActionProperty().get()).isEqualTo("Disconnected session #1 on node edge-2.");
        assertThat(row("edge-1", 1).isEnded()).as("the same id on this node is another session").isFalse();

        SessionRow alice = row("edge-1", 1);
        vm.selectedProperty().set(alice);
        answer = new FleetActionResult("edge-1", 1, Outcome.NOTHING_RUNNING, "node edge-1: session 1 was running"
                + " no query");
        vm.cancelSelectedQuery();
        assertThat(asked).last().isEqualTo("cancel edge-1 #1");
        assertThat(dialogs.confirmations).last().asString().startsWith("Cancel the running query of session #1?");
        assertThat(vm.lastActionProperty().get()).isEqualTo("Session #1 was not running a query; nothing to cancel.");
    }

    @Test
    void aNodeThatDoesNotAnswerOrIsGoneIsReportedInItsWordsAndNothingIsMarkedDone() {
        published = List.of(on("edge-2", 3, "bob"));
        vm.update(List.of(), T0.plusSeconds(1));
        vm.update(List.of(), T0.plusSeconds(2));
        SessionRow bob = row("edge-2", 3);
        vm.selectedProperty().set(bob);

        answer = new FleetActionResult("edge-2", 3, Outcome.NO_ANSWER, "node edge-2 did not answer within 5 s; the"
                + " request is withdrawn and will not be taken later");
        dialogs.answering("maintenance");
        vm.disconnectSelected();
        assertThat(dialogs.errors).singleElement().asString().isEqualTo("Disconnect session #3 on node edge-2: Node"
                + " edge-2 did not answer within 5 s; the request is withdrawn and will not be taken later.");
        assertThat(bob.isEnded()).isFalse();
        assertThat(vm.lastActionProperty().get()).isEqualTo("Disconnect session #3 on node edge-2: not done.");

        answer = new FleetActionResult("edge-2", 3, Outcome.NODE_GONE, "node edge-2 is not running (last seen"
                + " 2026-12-07T09:00:00Z); nothing was done");
        vm.cancelSelectedQuery();
        assertThat(dialogs.errors).last().asString().contains("Node edge-2 is not running", "nothing was done");
    }

    @Test
    void whenTheStoreCannotBeReadTheOtherNodesRowsStayAndTheViewSaysWhy() {
        published = List.of(on("edge-2", 3, "bob"));
        vm.update(List.of(), T0.plusSeconds(1));
        vm.update(List.of(), T0.plusSeconds(2));
        storeDown = new IllegalStateException("the store at db-1:5432 refused the connection");
        vm.update(List.of(), T0.plusSeconds(3));
        vm.update(List.of(), T0.plusSeconds(4));
        assertThat(row("edge-2", 3).isEnded()).isFalse();
        assertThat(vm.upstreamProblemProperty().get()).isEqualTo("Other nodes' sessions not updated: the store at"
                + " db-1:5432 refused the connection");
        storeDown = null;
        published = List.of();
        vm.update(List.of(), T0.plusSeconds(5));
        vm.update(List.of(), T0.plusSeconds(6));
        assertThat(row("edge-2", 3).status()).isEqualTo(SessionsViewModel.NOT_LISTED);
        assertThat(vm.upstreamProblemProperty().get()).isEmpty();
    }
}
