package io.rolegate.console.recording;

import io.rolegate.console.common.FxTaskExecutor;
import io.rolegate.console.common.ScriptedDialogs;
import io.rolegate.console.common.ViewLoader;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.RecordedStatement.Boundary;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingQuery;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions ▸ History ▸ Recording in a real window: the search reaches the engine off the JavaFX thread, the
 * timeline shades a transaction and marks a failed statement, Export writes the file off the JavaFX thread (a stream
 * the engine cuts fails in words and leaves no file), and a console user who is no auditor sees why instead of a list.
 */
@ExtendWith(ApplicationExtension.class)
class RecordingTimelineTest {
    private static final Instant T0 = Instant.parse("2026-12-07T09:15:00Z");
    private final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    private final List<RecordingQuery> asked = Collections.synchronizedList(new ArrayList<>());
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private volatile boolean auditor = true;
    /** The export breaks off after its first line, as a stream the engine cuts. */
    private volatile boolean cut;
    private Stage stage;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void stop() {
        executor.close();
    }

    private final RecordingGateway engine = new RecordingGateway() {
        @Override
        public List<Recording> search(RecordingQuery query) {
            threads.add(Thread.currentThread().getName() + (Platform.isFxApplicationThread() ? " (FX)" : ""));
            asked.add(query);
            if (!auditor) {
                throw new PermissionDenied("refused to search session recordings: bob is no auditor (member of"
                        + " cn=readers); to search session recordings one must be a member of console.auditorGroup");
            }
            return "alice".equals(query.user()) ? List.of(recording()) : List.of();
        }

        @Override
        public List<RecordedStatement> statements(long recordingId) {
            threads.add(Thread.currentThread().getName() + (Platform.isFxApplicationThread() ? " (FX)" : ""));
            return timeline();
        }

        @Override
        public long export(long recordingId, Writer out) {
            threads.add(Thread.currentThread().getName() + (Platform.isFxApplicationThread() ? " (FX)" : ""));
            try {
                out.write("{\"kind\":\"recording\",\"recording\":" + recordingId + "}\n");
                if (cut) {
                    out.flush();
                    throw new io.rolegate.engine.api.model.EngineException("the answer of the engine at"
                            + " https://edge-1:9443 broke off: the engine ended the export with an error");
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return timeline().size();
        }
    };

    private RecordingViewModel show() throws Exception {
        RecordingViewModel vm = new RecordingViewModel(engine, executor, dialogs);
        WaitForAsyncUtils.asyncFx(() -> {
            Parent view = ViewLoader.load(RecordingController.class, "RecordingView.fxml",
                    new RecordingController(vm));
            stage.setScene(new Scene(view, 1100, 700));
            stage.getScene().getStylesheets().add(RecordingController.class
                    .getResource("/io/rolegate/console/console.css").toExternalForm());
            stage.show();
        }).get(60, TimeUnit.SECONDS);
        return vm;
    }

    @Test
    void theTimelineShowsTheStatementsWithTheirTransactionAndFailure(FxRobot robot) throws Exception {
        RecordingViewModel vm = show();
        robot.clickOn("#recordingUser").write("alice");
        robot.clickOn("#recordingSearch");
        TableView<?> recordings = robot.lookup("#recordingsTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> recordings.getItems().size() == 1);
        assertThat(asked).extracting(RecordingQuery::user).containsExactly("alice");

        robot.clickOn(robot.lookup("#recordingsTable .table-row-cell").nth(0).queryAs(Node.class));
        TableView<?> timeline = robot.lookup("#timelineTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> timeline.getItems().size() == 5);
        WaitForAsyncUtils.waitForFxEvents();

        List<TableRow<?>> rows = robot.lookup("#timelineTable .table-row-cell").queryAllAs(TableRow.class).stream()
                .<TableRow<?>>map(r -> r).filter(r -> r.getItem() != null).sorted(java.util.Comparator.comparingInt(TableRow::getIndex))
                .toList();
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).getStyleClass()).doesNotContain(Timeline.TX_A, Timeline.TX_B);
        assertThat(rows.subList(1, 4)).allSatisfy(r -> assertThat(r.getStyleClass()).contains(Timeline.TX_A));
        assertThat(rows.get(4).getStyleClass()).contains(Timeline.FAILED);
        assertThat(robot.lookup("#timelineSummary").queryAs(Label.class).getText())
                .contains("5 statements").contains("1 failed").contains("1 transaction")
                .contains("literals as ?");
        assertThat(threads).isNotEmpty().noneMatch(t -> t.endsWith("(FX)"));
        screenshot("recording-timeline.png");

        Path file = dir.resolve("alice.jsonl");
        dialogs.choosingFile(file);
        robot.clickOn("#recordingExport");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(file) && Files.size(file) > 0);
        assertThat(Files.readString(file)).startsWith("{\"kind\":\"recording\",\"recording\":41}");
        assertThat(dialogs.errors).isEmpty();
        javafx.beans.property.ReadOnlyStringProperty said = vm.lastActionProperty();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> said.get().startsWith("Exported 5 statements"));
        assertThat(threads).as("the export too ran off the JavaFX thread").noneMatch(t -> t.endsWith("(FX)"));

        // a stream the engine cuts: the save fails in words and leaves no file
        cut = true;
        Path broken = dir.resolve("broken.jsonl");
        dialogs.choosingFile(broken);
        robot.clickOn("#recordingExport");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !dialogs.errors.isEmpty());
        assertThat(dialogs.errors).containsExactly("Export the recording to " + broken + ": the answer of the engine"
                + " at https://edge-1:9443 broke off: the engine ended the export with an error");
        assertThat(broken).as("no half-written recording that looks complete").doesNotExist();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> said.get().equals("Export failed."));
    }

    @Test
    void aConsoleUserWhoIsNoAuditorSeesWhyAndNoList(FxRobot robot) throws Exception {
        auditor = false;
        show();
        robot.clickOn("#recordingSearch");
        Label problem = robot.lookup("#recordingProblem").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> problem.getText().contains("no auditor"));

        assertThat(problem.isVisible()).isTrue();
        assertThat(robot.lookup("#recordingsTable").queryAs(TableView.class).getItems()).isEmpty();
        assertThat(dialogs.errors).as("a refusal is a state of the view, not a dialog at each click").isEmpty();
    }

    /** Writes the view as a PNG when -Drolegate.screenshots=DIR is set (to look at it; nothing is asserted). */
    private void screenshot(String name) throws Exception {
        String target = System.getProperty("rolegate.screenshots");
        if (target == null) {
            return;
        }
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null))
                .get(30, TimeUnit.SECONDS);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(Path.of(target));
        javax.imageio.ImageIO.write(png, "png", Path.of(target, name).toFile());
    }

    private static Recording recording() {
        return new Recording(41, 12, "alice", "uid=alice,ou=people,dc=example,dc=org", List.of("dba_role"),
                "10.1.2.3:51234", "payroll-app", "appdb", T0, T0.plusSeconds(95),
                "member of cn=data-team,ou=groups,dc=example,dc=org", "redacted", 5, 1, 0);
    }

    private static List<RecordedStatement> timeline() {
        return List.of(
                statement(1, 0, 850, "select * from payroll.salaries where dept = ?", "SELECT 12", 12L, null, 0,
                        null),
                statement(2, 2, 95, "BEGIN", "BEGIN", null, null, 1, Boundary.BEGIN),
                statement(3, 2, 12_400, "update payroll.salaries set amount = amount * ? where dept = ?",
                        "UPDATE 12", 12L, null, 1, null),
                statement(4, 3, 230, "COMMIT", "COMMIT", null, null, 1, Boundary.COMMIT),
                statement(5, 9, 310, "insert into payroll.audit_notes values ($1, $2)", null, null, "23505", 0,
                        null));
    }

    private static RecordedStatement statement(long n, int atSecond, long micros, String text, String tag, Long rows,
                                               String sqlState, long tx, Boundary boundary) {
        return new RecordedStatement(41, n, T0.plusSeconds(atSecond), micros, text, "extended", tag, rows, sqlState,
                sqlState == null ? null : "duplicate key value violates unique constraint \"audit_notes_pkey\"", tx,
                boundary, false);
    }
}
