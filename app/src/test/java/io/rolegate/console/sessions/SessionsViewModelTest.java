package io.rolegate.console.sessions;

import io.rolegate.engine.api.model.SessionActivity;
import io.rolegate.console.common.SameThreadTaskExecutor;
import io.rolegate.console.common.ScriptedDialogs;
import io.rolegate.engine.api.model.SessionSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.rolegate.console.sessions.Snapshots.T0;
import static io.rolegate.console.sessions.Snapshots.session;
import static io.rolegate.console.sessions.Snapshots.traffic;
import static org.assertj.core.api.Assertions.assertThat;

class SessionsViewModelTest {
    private final List<String> disconnects = new ArrayList<>();
    private boolean sessionStillLive = true;
    private boolean queryRunning = true;
    private String refusal;
    private final SessionActions actions = new SessionActions() {
        @Override
        public boolean disconnect(long sessionId, String reason) {
            disconnects.add(sessionId + ": " + reason);
            return sessionStillLive;
        }

        @Override
        public CompletableFuture<Boolean> cancelQuery(long sessionId) {
            return CompletableFuture.completedFuture(queryRunning);
        }

        @Override
        public java.util.Optional<String> refusal() {
            return java.util.Optional.ofNullable(refusal);
        }
    };
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final SessionsViewModel vm = new SessionsViewModel(actions, new SameThreadTaskExecutor(), dialogs);

    private final SessionSnapshot alice = session(1, "alice", "sales", "psql", SessionActivity.IDLE, T0);
    private final SessionSnapshot bob = session(2, "bob", "hr", "PostgreSQL JDBC Driver", SessionActivity.ACTIVE, T0.plusSeconds(5));
    private final SessionSnapshot carol = session(3, "carol", "sales", "metabase", SessionActivity.IDLE_IN_TRANSACTION,
            T0.plusSeconds(2));

    private List<String> users() {
        return vm.rows().stream().map(r -> r.snapshot().user()).toList();
    }

    @Test
    void rowsAreUpdatedInPlaceSoSelectionSurvivesARefresh() {
        vm.update(List.of(alice, bob), T0.plusSeconds(10));
        SessionRow first = vm.rows().get(0);
        vm.update(List.of(traffic(alice, 100, 2000, 3, 9, 1), bob), T0.plusSeconds(11));
        assertThat(vm.rows().get(0)).isSameAs(first);
        assertThat(first.snapshot().bytesOut()).isEqualTo(2000);
        assertThat(first.connectedForProperty().get().getSeconds()).isEqualTo(11);
        assertThat(vm.summaryProperty().get()).isEqualTo("2 sessions · 1 active");
    }

    @Test
    void anEndedSessionShowsItsEndForFiveSecondsThenLeaves() {
        vm.update(List.of(alice, bob), T0.plusSeconds(10));
        vm.update(List.of(bob), T0.plusSeconds(11));
        SessionRow ended = vm.rows().stream().filter(r -> r.id() == 1).findFirst().orElseThrow();
        assertThat(ended.isEnded()).isTrue();
        assertThat(ended.status()).isEqualTo("ended");
        assertThat(vm.summaryProperty().get()).startsWith("1 session ");
        vm.update(List.of(bob), T0.plusSeconds(15));
        assertThat(users()).containsExactly("alice", "bob");
        vm.update(List.of(bob), T0.plusSeconds(16));
        assertThat(users()).containsExactly("bob");
    }

    @Test
    void theFilterMatchesEveryWordAndTheChosenState() {
        vm.update(List.of(alice, bob, carol), T0.plusSeconds(10));
        vm.filterTextProperty().set("SALES");
        assertThat(users()).containsExactlyInAnyOrder("alice", "carol");
        vm.filterTextProperty().set("sales metabase");
        assertThat(users()).containsExactly("carol");
        vm.filterTextProperty().set("");
        vm.stateFilterProperty().set("active");
        assertThat(users()).containsExactly("bob");
        assertThat(vm.summaryProperty().get()).endsWith("1 shown");
        vm.update(List.of(alice, carol), T0.plusSeconds(11));
        assertThat(users()).isEmpty();
        vm.stateFilterProperty().set(SessionFilter.ENDED);
        assertThat(users()).containsExactly("bob");
    }

    @Test
    void oldestFirstUnlessAColumnIsSortedThenTiesKeepThatOrder() {
        SessionSnapshot dave = session(4, "alice", "hr", "psql", SessionActivity.IDLE, T0.plusSeconds(1));
        vm.update(List.of(bob, carol, alice, dave), T0.plusSeconds(10));
        assertThat(vm.rows().stream().map(SessionRow::id).toList()).containsExactly(1L, 4L, 3L, 2L);
        vm.columnOrderProperty().set(Comparator.comparing(r -> r.snapshot().user(), Comparator.reverseOrder()));
        assertThat(vm.rows().stream().map(SessionRow::id).toList()).containsExactly(3L, 2L, 1L, 4L);
    }

    @Test
    void disconnectSendsTheTypedReasonAndMarksTheRowAsEndedByYou() {
        vm.update(List.of(alice, bob), T0.plusSeconds(10));
        vm.selectedProperty().set(vm.rows().get(1));
        dialogs.answering("  blocking the nightly vacuum ");
        vm.disconnectSelected();
        assertThat(disconnects).containsExactly("2: blocking the nightly vacuum");
        SessionRow bobRow = vm.rows().get(1);
        assertThat(bobRow.status()).isEqualTo("disconnected by you: blocking the nightly vacuum");
        assertThat(vm.selectedIsLiveProperty().get()).isFalse();
        // the next snapshot no longer lists bob: the row keeps the better reason
        vm.update(List.of(alice), T0.plusSeconds(11));
        assertThat(bobRow.status()).startsWith("disconnected by you");
    }

    @Test
    void aReadOnlyLoginIsRefusedBeforeBeingAskedForAReason() {
        refusal = "carol is logged in read-only";
        vm.update(List.of(alice), T0.plusSeconds(10));
        vm.selectedProperty().set(vm.rows().get(0));
        dialogs.answering("would not be asked");
        vm.disconnectSelected();
        vm.cancelSelectedQuery();
        assertThat(disconnects).isEmpty();
        assertThat(dialogs.errors).containsExactly("Disconnect session #1: carol is logged in read-only",
                "Cancel the query of session #1: carol is logged in read-only");
        assertThat(vm.rows().get(0).isEnded()).isFalse();
    }

    @Test
    void disconnectAndCancelAreDisabledWithTheReasonForAReadOnlyLogin() {
        refusal = "carol is logged in read-only (member of readers) and may not end sessions or cancel queries.";
        vm.update(List.of(alice), T0.plusSeconds(10));
        vm.selectedProperty().set(vm.rows().get(0));
        assertThat(vm.selectedIsLiveProperty().get()).isTrue();
        assertThat(vm.mayActOnSelectedProperty().get()).isFalse();
        assertThat(vm.whyNoActionsProperty().get()).isEqualTo(refusal);
    }

    @Test
    void anAdministratorMayActOnALiveSelectedSessionOnly() {
        vm.update(List.of(alice), T0.plusSeconds(10));
        assertThat(vm.mayActOnSelectedProperty().get()).as("nothing selected").isFalse();
        vm.selectedProperty().set(vm.rows().get(0));
        assertThat(vm.mayActOnSelectedProperty().get()).isTrue();
        assertThat(vm.whyNoActionsProperty().get()).isEmpty();
        vm.update(List.of(), T0.plusSeconds(11));
        assertThat(vm.mayActOnSelectedProperty().get()).as("the session ended").isFalse();
    }

    @Test
    void cancellingTheReasonDialogDisconnectsNothing() {
        vm.update(List.of(alice), T0.plusSeconds(10));
        vm.selectedProperty().set(vm.rows().get(0));
        dialogs.answering(null);
        vm.disconnectSelected();
        assertThat(disconnects).isEmpty();
        assertThat(vm.rows().get(0).isEnded()).isFalse();
    }

    @Test
    void disconnectingASessionThatJustEndedSaysSo() {
        vm.update(List.of(alice), T0.plusSeconds(10));
        vm.selectedProperty().set(vm.rows().get(0));
        sessionStillLive = false;
        dialogs.answering("done for today");
        vm.disconnectSelected();
        assertThat(dialogs.errors).singleElement().asString().contains("already ended");
    }

    @Test
    void cancelQuerySaysWhetherAQueryWasRunning() {
        vm.update(List.of(bob), T0.plusSeconds(10));
        vm.selectedProperty().set(vm.rows().get(0));
        vm.cancelSelectedQuery();
        assertThat(vm.lastActionProperty().get()).contains("Cancel request sent for session #2");
        queryRunning = false;
        vm.cancelSelectedQuery();
        assertThat(vm.lastActionProperty().get()).contains("was not running a query");
    }

    @Test
    void cancelQueryNamesTheSessionAndDoesNothingWhenNotConfirmed() {
        vm.update(List.of(alice, bob), T0.plusSeconds(10));
        vm.selectedProperty().set(vm.rows().stream().filter(r -> r.id() == 2).findFirst().orElseThrow());
        dialogs.confirming(false);
        vm.cancelSelectedQuery();
        assertThat(dialogs.confirmations).singleElement().asString().contains("session #2").contains("bob");
        assertThat(vm.lastActionProperty().get()).doesNotContain("Cancel request sent");
    }

    @Test
    void theDetailPaneFollowsTheSelectedSession() {
        vm.update(List.of(alice, bob), T0.plusSeconds(10));
        assertThat(vm.details()).isEmpty();
        vm.selectedProperty().set(vm.rows().get(0));
        assertThat(vm.details()).contains(new DetailLine("User", "alice"), new DetailLine("Backend PID", "4001"),
                new DetailLine("TLS", "none (plain TCP)"));
        vm.update(List.of(traffic(alice, 2048, 0, 0, 0, 7), bob), T0.plusSeconds(11));
        assertThat(vm.details()).contains(new DetailLine("Queries", "7"),
                new DetailLine("Bytes in / out", "2.0 KB / 0 B"));
    }
}
