package io.rolegate.console.sessions;

import io.rolegate.console.common.SameThreadTaskExecutor;
import io.rolegate.console.common.ScriptedDialogs;
import io.rolegate.engine.api.model.SessionActivity;
import io.rolegate.engine.api.model.SessionSnapshot;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.rolegate.console.sessions.Snapshots.T0;
import static io.rolegate.console.sessions.Snapshots.session;
import static io.rolegate.console.sessions.Snapshots.traffic;
import static org.assertj.core.api.Assertions.assertThat;

/** The sessions table holds still while it refreshes each second: order, selection, and ended rows shown neutrally. */
class StableSessionTableTest {
    private final SessionActions actions = new SessionActions() {
        @Override
        public boolean disconnect(long sessionId, String reason) {
            return true;
        }

        @Override
        public CompletableFuture<Boolean> cancelQuery(long sessionId) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public Optional<String> refusal() {
            return Optional.empty();
        }
    };
    private final SessionsViewModel vm =
            new SessionsViewModel(actions, new SameThreadTaskExecutor(), new ScriptedDialogs());

    private final SessionSnapshot a = session(1, "alice", "sales", "psql", SessionActivity.IDLE, T0);
    private final SessionSnapshot b = session(2, "bob", "hr", "jdbc", SessionActivity.ACTIVE, T0.plusSeconds(5));
    private final SessionSnapshot c = session(3, "carol", "sales", "metabase", SessionActivity.IDLE, T0.plusSeconds(2));
    // started before everyone else, but first seen later: it goes to the end, not to the top
    private final SessionSnapshot early = session(9, "dave", "hr", "psql", SessionActivity.ACTIVE, T0.minusSeconds(60));

    private List<Long> ids() {
        return vm.rows().stream().map(SessionRow::id).toList();
    }

    private SessionRow row(long id) {
        return vm.rows().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }

    @Test
    void successiveSnapshotsKeepTheOrderAndTheSelection() {
        vm.update(List.of(b, c, a), T0.plusSeconds(10));
        assertThat(ids()).containsExactly(1L, 3L, 2L);
        SessionRow selected = row(3);
        vm.selectedProperty().set(selected);
        List<SessionRow> shown = vm.rows();

        // the engine lists them in another order, with new traffic, and a newcomer that started long ago
        vm.update(List.of(traffic(a, 10, 20, 1, 1, 1), early, traffic(c, 5, 5, 1, 1, 1), b), T0.plusSeconds(11));
        assertThat(ids()).containsExactly(1L, 3L, 2L, 9L);
        assertThat(vm.rows()).isSameAs(shown);
        assertThat(vm.selectedProperty().get()).isSameAs(selected);

        // one leaves: it stays in its place (ended) and nothing moves
        vm.update(List.of(c, early, b), T0.plusSeconds(12));
        assertThat(ids()).containsExactly(1L, 3L, 2L, 9L);
        assertThat(row(1).isEnded()).isTrue();
        assertThat(vm.selectedProperty().get().id()).isEqualTo(3L);

        // once gone, the others keep their relative order, and a new one is appended
        SessionSnapshot e = session(5, "erin", "sales", "psql", SessionActivity.IDLE, T0.plusSeconds(1));
        vm.update(List.of(e, early, c, b), T0.plusSeconds(20));
        assertThat(ids()).containsExactly(3L, 2L, 9L, 5L);
        assertThat(vm.selectedProperty().get()).isSameAs(selected);
        assertThat(vm.mayActOnSelectedProperty().get()).isTrue();
    }

    @Test
    void aSelectedSessionThatEndsStaysSelectedUntilAnotherIsChosen() {
        vm.update(List.of(a, b), T0.plusSeconds(10));
        SessionRow bob = row(2);
        vm.selectedProperty().set(bob);
        vm.update(List.of(a), T0.plusSeconds(11));
        vm.update(List.of(a), T0.plusSeconds(60));
        assertThat(ids()).containsExactly(1L, 2L);
        assertThat(vm.selectedProperty().get()).isSameAs(bob);
        assertThat(bob.isEnded()).isTrue();
        assertThat(vm.selectedIsLiveProperty().get()).isFalse();
        assertThat(vm.mayActOnSelectedProperty().get()).isFalse();
        assertThat(vm.details()).isNotEmpty();

        vm.selectedProperty().set(row(1));
        vm.update(List.of(a), T0.plusSeconds(61));
        assertThat(ids()).containsExactly(1L);
    }

    @Test
    void aColumnSortChosenByThePersonIsKeptAndTiesKeepArrivalOrder() {
        vm.update(List.of(a, b), T0.plusSeconds(10));
        vm.columnOrderProperty().set(Comparator.comparing(r -> r.snapshot().database()));
        vm.update(List.of(a, b, c, early), T0.plusSeconds(11));
        assertThat(ids()).containsExactly(2L, 9L, 1L, 3L);
        vm.columnOrderProperty().set(null);
        // sessions first seen in the same snapshot arrive oldest first
        assertThat(ids()).containsExactly(1L, 2L, 9L, 3L);
    }

    @Test
    void anEndedRowSaysThatItEndedAndWhy() {
        vm.update(List.of(a), T0.plusSeconds(10));
        vm.update(List.of(), T0.plusSeconds(11));
        SessionRow ended = row(1);
        assertThat(SessionRow.endNote(ended.id(), ended.end()))
                .startsWith("Session #1 ended at ").contains("no longer listed by the engine");
        assertThat(SessionRow.endNote(1, new SessionRow.End(T0, "disconnected by you: vacuum")))
                .contains("disconnected by you: vacuum");
        assertThat(SessionRow.endNote(1, null)).isNull();
    }

    @Test
    void endedRowsAreStyledNeutrallyNotAsErrors() throws IOException {
        assertThat(SessionRow.ENDED_PSEUDO_CLASS).isEqualTo("ended").doesNotContainIgnoringCase("error")
                .doesNotContainIgnoringCase("danger");
        String css;
        try (InputStream in = SessionRow.class.getResourceAsStream("/io/rolegate/console/console.css")) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> endedRules = css.lines().filter(l -> l.contains(":" + SessionRow.ENDED_PSEUDO_CLASS)).toList();
        assertThat(endedRules).isNotEmpty();
        String errorColour = css.lines().filter(l -> l.strip().startsWith("-rg-danger:")).findFirst().orElseThrow()
                .replaceAll(".*:\\s*([^;]+);.*", "$1").strip();
        for (String rule : endedRules) {
            assertThat(rule).doesNotContain("italic").doesNotContain("danger").doesNotContain("error")
                    .doesNotContainIgnoringCase(errorColour)
                    // the reds the ended rows used to have
                    .doesNotContainIgnoringCase("#991b1b").doesNotContainIgnoringCase("#fef2f2")
                    .doesNotContainIgnoringCase("#fecaca");
        }
    }
}
