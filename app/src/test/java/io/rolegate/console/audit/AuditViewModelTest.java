package io.rolegate.console.audit;

import io.rolegate.console.common.SameThreadTaskExecutor;
import io.rolegate.console.common.ScriptedDialogs;
import io.rolegate.engine.api.EngineAudit;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit view model against a real H2 store: filters, keyset paging, follow, verification and export. */
class AuditViewModelTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    @TempDir
    Path dir;
    private Store store;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private AuditViewModel vm;

    @BeforeEach
    void open() {
        store = Store.openDataDirectory(dir.resolve("data"));
        vm = new AuditViewModel(EngineAudit.over(store.audit()), () -> null, new SameThreadTaskExecutor(), dialogs,
                Instant::now, ZONE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void append(AuditEvent... events) {
        List<CompletableFuture<Long>> done = new ArrayList<>();
        for (AuditEvent e : events) {
            done.add(store.audit().append(e));
        }
        done.forEach(CompletableFuture::join);
    }

    private static AuditEvent kill(String admin, String user, long session) {
        return AuditEvent.of(AuditEventType.ADMIN_ACTION, "disconnect session " + session + ": blocks vacuum")
                .withActor(admin).withUser(user).withSessionId(String.valueOf(session));
    }

    private static AuditEvent login(String user) {
        return AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "directory login of " + user).withUser(user);
    }

    @Test
    void typeUserAndTextFiltersNarrowTheListNewestFirst() {
        append(login("alice"), kill("dba1", "alice", 7), login("bob"), kill("dba2", "bob", 8), kill("dba1", "alice", 9));

        vm.types().setAll(AuditEventType.ADMIN_ACTION);
        assertThat(vm.records()).extracting(r -> r.event().sessionId()).containsExactly("9", "8", "7");

        vm.userProperty().set("alice");
        vm.search();
        assertThat(vm.records()).extracting(r -> r.event().sessionId()).containsExactly("9", "7");
        assertThat(vm.summaryProperty().get()).isEqualTo("Showing 2 of 2 matching records");

        vm.textProperty().set("SESSION 9");
        vm.search();
        assertThat(vm.records()).singleElement().satisfies(r -> assertThat(r.event().actor()).isEqualTo("dba1"));

        vm.selectedProperty().set(vm.records().get(0));
        assertThat(vm.details()).anySatisfy(d -> {
            assertThat(d.label()).isEqualTo("By");
            assertThat(d.value()).isEqualTo("dba1");
        });
    }

    @Test
    void aLongLogIsReadAPageAtATimeWithoutGapsOrRepeats() {
        AuditEvent[] many = new AuditEvent[1_200];
        for (int i = 0; i < many.length; i++) {
            many[i] = login("user" + i);
        }
        append(many);

        vm.search();
        assertThat(vm.records()).hasSize(AuditViewModel.PAGE_SIZE);
        assertThat(vm.moreAvailableProperty().get()).isTrue();
        vm.loadOlder();
        vm.loadOlder();
        assertThat(vm.moreAvailableProperty().get()).isFalse();
        List<Long> seqs = vm.sequences();
        assertThat(seqs).hasSize(1_200).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(vm.summaryProperty().get()).isEqualTo("Showing 1,200 of 1,200 matching records");
    }

    @Test
    void aDayRangeThatEndsBeforeItStartsIsRefusedWithAReason() {
        append(login("alice"));
        vm.search();
        vm.rangeProperty().set(TimeRange.BETWEEN);
        vm.fromProperty().set(java.time.LocalDate.of(2026, 3, 10));
        vm.toProperty().set(java.time.LocalDate.of(2026, 3, 9));
        assertThat(vm.filterProblemProperty().get()).contains("after the last day");
        assertThat(vm.records()).hasSize(1); // the last good listing stays
    }

    @Test
    void followingRefreshesWhenEventsArriveOtherwiseItCountsThem() {
        append(login("alice"));
        vm.search();
        append(kill("dba1", "alice", 3));
        vm.poll();
        assertThat(vm.records()).hasSize(2);

        vm.followProperty().set(false);
        append(login("bob"), login("carol"));
        vm.poll();
        assertThat(vm.records()).hasSize(2);
        assertThat(vm.newEventsProperty().get()).isEqualTo("2 new events since this list was read");
    }

    @Test
    void verificationReportsAnIntactChain() {
        append(login("alice"), login("bob"));
        vm.verifyChain();
        assertThat(vm.chainStateProperty().get()).isEqualTo(AuditViewModel.ChainState.INTACT);
        assertThat(vm.chainMessageProperty().get()).startsWith("Chain intact: 2 records verified at ");
    }

    @Test
    void exportWritesTheListedRecordsInTheFormatOfTheChosenExtension() throws Exception {
        append(login("alice"), kill("dba1", "alice", 3), login("bob"));
        vm.userProperty().set("alice");
        vm.search();

        Path csv = dir.resolve("audit.csv");
        dialogs.choosingFile(csv);
        vm.export();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("seq,time,type,actor");
        assertThat(lines.get(2)).contains("ADMIN_ACTION", "dba1");
        assertThat(vm.lastActionProperty().get()).isEqualTo("Exported 2 records to " + csv + " (CSV)");
        assertThat(vm.exportProgressProperty().get()).isEqualTo(1.0);

        Path jsonl = dir.resolve("audit.jsonl");
        dialogs.choosingFile(jsonl);
        vm.export();
        assertThat(Files.readAllLines(jsonl)).hasSize(2)
                .allSatisfy(l -> assertThat(l).startsWith("{\"schema\":\"rolegate.audit.v1\",")
                        .contains("\"node\":\"", "\"seq\":"));
    }

    @Test
    void filtersBecomeTheStoreQueryInTheConsolesTimeZone() {
        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        var lastHour = new AuditFilter(TimeRange.LAST_HOUR, null, null, " alice ", java.util.Set.of(), "").toQuery(now, ZONE);
        assertThat(lastHour.since()).isEqualTo(Instant.parse("2026-03-10T11:00:00Z"));
        assertThat(lastHour.user()).isEqualTo("alice");
        assertThat(lastHour.text()).isNull();

        var days = new AuditFilter(TimeRange.BETWEEN, java.time.LocalDate.of(2026, 3, 1),
                java.time.LocalDate.of(2026, 3, 2), "", java.util.Set.of(AuditEventType.CONFIG_CHANGED), "rollback").toQuery(now, ZONE);
        assertThat(days.since()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z")); // midnight in Berlin (CET)
        assertThat(days.until()).isEqualTo(Instant.parse("2026-03-02T23:00:00Z")); // the end of the last day
        assertThat(days.types()).containsExactly(AuditEventType.CONFIG_CHANGED);
        assertThat(days.text()).isEqualTo("rollback");
    }
}
