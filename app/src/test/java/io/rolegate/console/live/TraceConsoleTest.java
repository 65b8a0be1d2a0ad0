package io.rolegate.console.live;

import io.rolegate.console.demo.Demo;
import io.rolegate.console.sessions.SessionRow;
import io.rolegate.console.shell.ConsoleShell;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.TraceMessage;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 item 1 through the window, against the demo's real engine, directory and PostgreSQL: alice (an auditor in
 * the demo) traces a live session and watches its messages arrive, then stops the trace; carol (read-only, no
 * auditor) finds Trace greyed out with the reason.
 */
@ExtendWith(ApplicationExtension.class)
class TraceConsoleTest {
    private static Demo demo;
    private ConsoleWindow window;
    private ConsoleShell shell;

    @BeforeAll
    static void startDemo() throws Exception {
        demo = Demo.start();
        // alice's first login provisions her role (key derivation, CREATE ROLE): done here, before any window, so the
        // tests' logins through the proxy are ordinary ones on a loaded machine
        ConsoleLogins.session(demo, "alice", "warm-up").close();
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
        // trace windows first: hiding one stops its trace while the engine still runs
        for (javafx.stage.Window w : List.copyOf(javafx.stage.Window.getWindows())) {
            if (w instanceof Stage s && s.getOwner() != null) {
                s.hide();
            }
        }
        window.close();
    }

    private static TableView<SessionRow> selectTheSession(FxRobot robot) throws Exception {
        TableView<SessionRow> sessions = robot.lookup("#sessionsTable").queryTableView();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxItems.of(sessions.getItems()).stream()
                .anyMatch(r -> "traced-app".equals(r.snapshot().applicationName())));
        robot.interact(() -> sessions.getSelectionModel().select(FxItems.of(sessions.getItems()).stream()
                .filter(r -> "traced-app".equals(r.snapshot().applicationName())).findFirst().orElseThrow()));
        return sessions;
    }

    @Test
    void anAuditorTracesALiveSessionAndSeesItsMessagesArrive(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        assertThat(shell.user().mayAudit()).isTrue();
        try (Connection app = ConsoleLogins.session(demo, "alice", "traced-app")) {
            selectTheSession(robot);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#traceButton").queryButton()
                    .isDisabled());
            screenshot(robot, robot.lookup("#sessionsTable").query(), "trace.screenshot.sessions");
            robot.clickOn("#traceButton");
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#traceTable").tryQuery().isPresent());
            try (Statement s = app.createStatement(); ResultSet rs = s.executeQuery(
                    "select 'traced-by-console' as marker, 7 as answer")) {
                rs.next();
            }
            TableView<TraceMessage> trace = robot.lookup("#traceTable").queryTableView();
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxItems.of(trace.getItems()).stream()
                    .anyMatch(m -> m.type().equals("CommandComplete") && m.summary().equals("SELECT 1")));
            assertThat(trace.getItems()).anySatisfy(m -> {
                assertThat(m.type()).isIn("Query", "Parse");
                assertThat(m.summary()).contains("as marker"); // shown redacted: the demo captures no queries
                assertThat(m.summary()).doesNotContain("traced-by-console");
            });
            assertThat(trace.getItems()).anySatisfy(m -> assertThat(m.summary()).isEqualTo("marker text, answer int4"));
            screenshot(robot, trace, "trace.screenshot");
            robot.clickOn("#stopTrace");
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#traceStatus").queryAs(Label.class)
                    .getText().startsWith("Stopped: stopped by alice"));
            assertThat(robot.lookup("#stopTrace").queryButton().isDisabled()).isTrue();
            assertThat(robot.lookup("#exportTrace").queryButton().isDisabled()).isFalse();
        }
        assertThat(demo.engine().audit().records(AuditQuery.all().type(AuditEventType.SESSION_TRACE)))
                .extracting(r -> r.event().actor()).contains("alice");
    }

    /** With -D{@code property}=FILE.png, the window of {@code inWindow} as a PNG (to look at; not asserted on). */
    private static void screenshot(FxRobot robot, Node inWindow, String property) throws Exception {
        String file = System.getProperty(property);
        if (file == null) {
            return;
        }
        javafx.scene.image.Image image = robot.capture(inWindow.getScene().getRoot()).getImage();
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                png.setRGB(x, y, image.getPixelReader().getArgb(x, y));
            }
        }
        javax.imageio.ImageIO.write(png, "png", new java.io.File(file));
    }

    @Test
    void aReadOnlyLoginSeesTraceGreyedOutWithTheReason(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "carol");
        try (Connection app = ConsoleLogins.session(demo, "alice", "traced-app")) {
            selectTheSession(robot);
            assertThat(robot.lookup("#traceButton").queryButton().isDisabled()).isTrue();
            assertThat(Tooltips.of(robot.lookup("#traceActions").query()))
                    .isEqualTo("carol may not trace sessions: only members of the console auditor group"
                            + " (console.auditorGroup) may look inside a session.");
        }
    }
}
