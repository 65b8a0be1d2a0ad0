package io.rolegate.console.live;

import io.rolegate.console.demo.Demo;
import io.rolegate.console.sessions.SessionRow;
import io.rolegate.console.sessions.SessionsViewModel;
import io.rolegate.console.shell.ConsoleShell;
import io.rolegate.console.throughput.SessionChoice;
import io.rolegate.console.throughput.ThroughputController;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.Mapping;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.controlsfx.control.CheckComboBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 items 3, 4 and 7 through the window, against the demo's real engine, directory and PostgreSQL: the
 * sessions table shows what pgAdmin shows (a session blocked behind another's lock is "waiting", with its wait
 * event and its blocker; a read-only user sees its statement without literals), the per-session chart keeps its
 * points while other sessions come and go, and the audit view lists several event types at once with a change
 * shown as before → after.
 */
@ExtendWith(ApplicationExtension.class)
class DbaFactsConsoleTest {
    private static Demo demo;
    private ConsoleWindow window;
    private ConsoleShell shell;

    @BeforeAll
    static void startDemo() throws Exception {
        demo = Demo.start();
        // a fresh JVM's first directory logins (TLS, provisioning, JIT) can outlast the 15 s startup timeout on a
        // loaded CI machine; these tests are about what the console shows, so the users log in once beforehand
        for (String user : List.of("alice", "bob")) {
            ConsoleLogins.session(demo, user, "warm-up").close();
        }
    }

    @AfterAll
    static void stopDemo() throws Exception {
        demo.close();
    }

    @Start
    void start(Stage stage) {
        window = ConsoleWindow.show(stage);
        shell = window.shell;
        shell.attach(demo.engine(), demo.connectHint());
    }

    @Stop
    void stop() throws Exception {
        window.close();
    }

    /** alice locks the orders table in an open transaction; bob's count of one customer's orders waits for it. */
    private record Blocking(Connection holder, Connection waiter, CompletableFuture<Void> waiting)
            implements AutoCloseable {
        static Blocking start() throws Exception {
            Connection holder = ConsoleLogins.session(demo, "alice", "holder");
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
            }
            Connection waiter = ConsoleLogins.session(demo, "bob", "waiter");
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try (Statement s = waiter.createStatement()) {
                    s.execute("SELECT count(*) FROM orders WHERE customer = 'customer 7'");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            return new Blocking(holder, waiter, waiting);
        }

        @Override
        public void close() throws Exception {
            holder.rollback();
            holder.close();
            waiting.get(20, TimeUnit.SECONDS);
            waiter.close();
        }
    }

    private static SessionRow row(TableView<SessionRow> table, String application) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> FxItems.of(table.getItems()).stream()
                .anyMatch(r -> application.equals(r.snapshot().applicationName())));
        return FxItems.of(table.getItems()).stream().filter(r -> application.equals(r.snapshot().applicationName()))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static String cell(TableView<SessionRow> table, String column, SessionRow row) {
        for (TableColumn<SessionRow, ?> c : table.getColumns()) {
            String title = c.getGraphic() instanceof Label l ? l.getText() : c.getText();
            if (column.equals(title)) {
                Object v = c.getCellData(row);
                return v == null ? null : String.valueOf(v);
            }
        }
        throw new AssertionError("no column " + column);
    }

    /** The texts the table shows now (rendered cells), to check what a person reads, not only the model. */
    private static List<String> shownCells(FxRobot robot) {
        List<String> out = new ArrayList<>();
        robot.lookup("#sessionsTable .table-cell").queryAll().forEach(n -> {
            String t = ((javafx.scene.control.Labeled) n).getText();
            if (t != null && !t.isEmpty()) {
                out.add(t);
            }
        });
        return out;
    }

    @Test
    void aSessionBlockedBehindAnothersLockIsWaitingAndNamesItsBlocker(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        TableView<SessionRow> table = robot.lookup("#sessionsTable").queryTableView();
        try (Blocking b = Blocking.start()) {
            SessionRow holder = row(table, "holder");
            SessionRow waiter = row(table, "waiter");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> SessionsViewModel.WAITING.equals(waiter.status()));
            assertThat(cell(table, "State", waiter)).isEqualTo("waiting");
            assertThat(cell(table, "Wait event", waiter)).isEqualTo("Lock: relation");
            assertThat(cell(table, "Blocked by", waiter)).isEqualTo("#" + holder.id());
            assertThat(cell(table, "Query", waiter)).contains("customer = 'customer 7'");
            assertThat(cell(table, "State", holder)).isEqualTo("idle in transaction");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shownCells(robot).contains("waiting")
                    && shownCells(robot).contains("Lock: relation"));
            assertThat(robot.lookup("#upstreamProblem").queryAs(Label.class).isVisible()).isFalse();

            robot.interact(() -> table.getSelectionModel().select(waiter));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".detail-value").queryAllAs(Label.class)
                    .stream().anyMatch(l -> l.getText().startsWith("#" + holder.id() + " (pid ")));
            // durations read as a person says them: no "µs" counts, no cut-off "1 min …"
            assertThat(robot.lookup(".detail-value").queryAllAs(Label.class)).noneMatch(l -> l.getText()
                    .matches(".*\\d,\\d{3} µs.*"));
        }
    }

    @Test
    void aReadOnlyUserSeesTheWaitingStatementWithoutItsLiterals(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "carol");
        assertThat(shell.user().mayAdminister()).isFalse();
        TableView<SessionRow> table = robot.lookup("#sessionsTable").queryTableView();
        try (Blocking b = Blocking.start()) {
            SessionRow waiter = row(table, "waiter");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> SessionsViewModel.WAITING.equals(waiter.status()));
            assertThat(cell(table, "Query", waiter)).contains("customer = ?").doesNotContain("customer 7");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shownCells(robot).stream()
                    .anyMatch(t -> t.contains("customer = ?")));
            assertThat(shownCells(robot)).noneMatch(t -> t.contains("customer 7"));
        }
    }

    @Test
    void thePickedSessionsChartKeepsItsPointsWhileOtherSessionsComeAndGo(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        try (Connection charted = ConsoleLogins.session(demo, "alice", "charted")) {
            robot.clickOn("#throughputNav");
            ComboBox<SessionChoice> picker = robot.lookup("#sessionPicker").queryComboBox();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> picker.getItems().size() == 1);
            robot.interact(() -> picker.getSelectionModel().select(0));
            @SuppressWarnings("unchecked")
            LineChart<Number, Number> chart = robot.lookup("#sessionChart").queryAs(LineChart.class);
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
                try (Statement s = charted.createStatement()) {
                    for (int i = 0; i < 200 && !Thread.currentThread().isInterrupted(); i++) {
                        s.execute("SELECT * FROM orders");
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> points(chart) >= 3);
            int before = points(chart);

            try (Connection other = ConsoleLogins.session(demo, "bob", "passer-by")) {
                WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> picker.getItems().size() == 2);
            }
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> picker.getItems().size() == 1);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(points(chart)).as("points after a session came and went").isGreaterThanOrEqualTo(before);
            assertThat(picker.getValue()).isNotNull();

            // ticks on round values, and the pointer over the chart reads the values there
            NumberAxis bytes = (NumberAxis) chart.getYAxis();
            double unit = bytes.getTickUnit();
            double mantissa = unit / Math.pow(1024, Math.floor(Math.log(unit) / Math.log(1024)));
            double digits = mantissa / Math.pow(10, Math.floor(Math.log10(mantissa)));
            assertThat(digits).as("tick unit " + unit).isIn(1.0, 2.0, 2.5, 5.0);
            assertThat(bytes.getUpperBound() % unit).isZero();
            robot.moveTo(chart.lookup(".chart-plot-background"));
            robot.moveBy(20, 0);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> String.valueOf(chart.getProperties()
                    .get(ThroughputController.HOVER_TEXT)).contains("B/s"));
            traffic.cancel(true);
        }
    }

    private static int points(LineChart<Number, Number> chart) {
        return chart.getData().get(0).getData().size();
    }

    @Test
    void theAuditListsSeveralEventTypesAtOnceAndShowsAMappingChangeAsBeforeAndAfter(FxRobot robot)
            throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        var engine = demo.engine();
        List<Mapping> before = engine.directory().mappings();
        List<Mapping> mappings = new ArrayList<>(before);
        mappings.add(new Mapping(io.rolegate.engine.demo.DemoDirectory.groupDn("interns"), Set.of("readonly_role")));
        engine.directory().applyMappings(mappings, shell.user().identity(), "interns may read the orders");
        try (Connection c = ConsoleLogins.session(demo, "alice", "to-cut")) {
            long id = engine.sessions().stream().filter(s -> "to-cut".equals(s.applicationName())).findFirst()
                    .orElseThrow().id();
            engine.disconnect(id, "maintenance window", shell.user().identity());
        }
        try {
            robot.clickOn("#auditNav");
            TableView<AuditRecord> audit = robot.lookup("#auditTable").queryTableView();
            @SuppressWarnings("unchecked")
            CheckComboBox<AuditEventType> types = robot.lookup("#auditType").queryAs(CheckComboBox.class);
            robot.interact(() -> {
                types.getCheckModel().check(AuditEventType.MAPPING_CHANGED);
                types.getCheckModel().check(AuditEventType.ADMIN_ACTION);
            });
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
                var shown = FxItems.of(audit.getItems()).stream().map(r -> r.event().type()).distinct().toList();
                return shown.size() == 2 && shown.containsAll(List.of(AuditEventType.MAPPING_CHANGED,
                        AuditEventType.ADMIN_ACTION));
            });
            assertThat(FxItems.of(audit.getItems())).filteredOn(r -> r.event().type() == AuditEventType.ADMIN_ACTION)
                    .anySatisfy(r -> assertThat(r.event().actor()).isEqualTo("alice"));
            // full timestamps: date, time and zone in the table
            // (each cell's text read once: the list follows new events, so a cell may show another record next)
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#auditTable .table-cell").queryAll()
                    .stream().map(n -> ((javafx.scene.control.Labeled) n).getText())
                    .anyMatch(t -> t != null && t.matches(
                            "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} [A-Za-z][A-Za-z+\\-0-9:/]*")));

            AuditRecord change = FxItems.of(audit.getItems()).stream()
                    .filter(r -> r.event().type() == AuditEventType.MAPPING_CHANGED).findFirst().orElseThrow();
            robot.interact(() -> audit.getSelectionModel().select(change));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> values(robot).stream()
                    .anyMatch(t -> t.startsWith("interns: (none) → readonly_role")));
            assertThat(values(robot)).noneMatch(t -> t.contains("{\"") || t.contains("\"before\""));
            assertThat(values(robot)).anyMatch(t -> t.matches("\\d+ mappings"));
        } finally {
            engine.directory().applyMappings(before, shell.user().identity(), "back as it was");
        }
    }

    private static List<String> values(FxRobot robot) {
        return robot.lookup("#auditDetail .detail-value").queryAllAs(Label.class).stream().map(Label::getText)
                .toList();
    }

}
