package io.rolegate.console.live;

import io.rolegate.console.sessions.SessionRow;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console against the real engine in front of a real PostgreSQL (the demo's), driven through its window under
 * Monocle, with pgjdbc as the client whose session the DBA watches and disconnects.
 */
class LiveConsoleTest extends DemoConsoleTest {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Stop
    void stop() throws Exception {
        closeWindow();
    }

    @BeforeEach
    void logInAsTheDemoAdministrator(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
    }

    private Connection connectThroughProxy(String application) throws SQLException {
        var proxy = demo.engine().listenAddress();
        Properties p = new Properties();
        var alice = demo.logins().get(0);
        p.setProperty("user", alice.user());
        p.setProperty("password", alice.password());
        p.setProperty("sslmode", "require"); // directory logins send a password: TLS only
        p.setProperty("ApplicationName", application);
        return DriverManager.getConnection("jdbc:postgresql://" + proxy.getHostString() + ":" + proxy.getPort() + "/"
                + io.rolegate.engine.api.DemoEnvironment.DATABASE, p);
    }

    private static SessionRow waitForRow(TableView<SessionRow> table, String application, String state)
            throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxItems.of(table.getItems()).stream().anyMatch(
                r -> application.equals(r.snapshot().applicationName()) && state.equals(r.status())));
        return FxItems.of(table.getItems()).stream().filter(r -> application.equals(r.snapshot().applicationName()))
                .findFirst().orElseThrow();
    }

    @Test
    void aDisconnectFromTheSessionsViewReachesTheClientAs57P01WithTheReason(FxRobot robot) throws Exception {
        TableView<SessionRow> table = robot.lookup("#sessionsTable").queryTableView();
        try (Connection c = connectThroughProxy("nightly-report")) {
            SessionRow idle = waitForRow(table, "nightly-report", "idle");
            assertThat(idle.snapshot().user()).isEqualTo("alice");
            assertThat(idle.snapshot().roles()).containsExactly("dba_role");
            assertThat(idle.snapshot().database()).isEqualTo("sales");

            CompletableFuture<Void> longQuery = CompletableFuture.runAsync(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_sleep(30)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            waitForRow(table, "nightly-report", "active");
            robot.clickOn(robot.lookup("nightly-report").queryLabeled());
            robot.clickOn("#disconnectButton");
            robot.clickOn("#reasonField").write("blocks the nightly vacuum");
            robot.clickOn(robot.lookup((Node n) -> n instanceof Button b && "Disconnect".equals(b.getText()))
                    .queryButton());

            assertThatThrownBy(() -> longQuery.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        SQLException sql = (SQLException) e.getCause().getCause();
                        assertThat(sql.getSQLState()).isEqualTo("57P01");
                        assertThat(sql.getMessage()).contains("blocks the nightly vacuum");
                    });
            SessionRow ended = waitForRow(table, "nightly-report", "disconnected by you: blocks the nightly vacuum");
            assertThat(ended.isEnded()).isTrue();
            // audited under the directory identity that logged in, not the operating-system user
            assertThat(demo.engine().audit().records(io.rolegate.engine.api.model.AuditQuery.all()
                    .type(io.rolegate.engine.api.model.AuditEventType.ADMIN_ACTION)))
                    .anySatisfy(r -> {
                        assertThat(r.event().actor()).isEqualTo("alice");
                        assertThat(r.event().message()).contains("blocks the nightly vacuum");
                    });
        }
    }

    @Test
    void theThroughputChartReceivesPointsWhileTrafficFlows(FxRobot robot) throws Exception {
        robot.clickOn("#throughputNav");
        LineChart<?, ?> bytes = robot.lookup("#bytesChart").query();
        XYChart.Series<?, ?> bytesIn = bytes.getData().get(0);
        AtomicBoolean flowing = new AtomicBoolean(true);
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
            try (Connection c = connectThroughProxy("load-generator"); Statement s = c.createStatement()) {
                while (flowing.get()) {
                    s.executeQuery("SELECT * FROM orders").close();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> bytesIn.getData().stream()
                    .anyMatch(p -> ((Number) p.getYValue()).doubleValue() > 1000));
        } finally {
            flowing.set(false);
            traffic.get(10, TimeUnit.SECONDS);
        }
        int before = bytesIn.getData().size();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> bytesIn.getData().size() > before);
    }
}
