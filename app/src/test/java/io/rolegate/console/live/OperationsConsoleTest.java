package io.rolegate.console.live;

import io.rolegate.console.ConsoleApp;
import io.rolegate.console.common.FxDialogService;
import io.rolegate.console.common.FxTaskExecutor;
import io.rolegate.console.demo.Demo;
import io.rolegate.console.sessions.SessionRow;
import io.rolegate.console.shell.ConsoleShell;
import io.rolegate.console.shell.ShellViewModel;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.demo.DemoDirectory;
import io.rolegate.engine.api.DemoEnvironment;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConfigVersion;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's audit and settings views and its engine lifecycle, driven through the window under Monocle against
 * the real engine of the demo (embedded PostgreSQL, in-memory directory), with pgjdbc as the client.
 */
@ExtendWith(ApplicationExtension.class)
class OperationsConsoleTest {
    /** The demo directory's console administrator: admin actions are audited under the logged-in name. */
    private static final String ADMIN = "alice";
    private static Demo demo;
    /** The engine the next window attaches to: the demo's, or the one a restart made. */
    private static Engine engine;
    private FxTaskExecutor executor;
    private ConsoleShell shell;

    @BeforeAll
    static void startDemo() throws Exception {
        demo = Demo.start();
        engine = demo.engine();
    }

    @AfterAll
    static void stopDemo() throws Exception {
        if (engine != demo.engine()) {
            engine.stop(Duration.ofSeconds(2));
        }
        demo.close();
    }

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor();
        shell = new ConsoleShell(executor, new FxDialogService(() -> stage), ADMIN, () -> { });
        Scene scene = new Scene(shell.root(), 1280, 800);
        scene.getStylesheets().add(ConsoleApp.class.getResource(ConsoleApp.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
        shell.attach(engine, demo.connectHint());
    }

    @BeforeEach
    void logInAsTheDemoAdministrator(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, ADMIN);
    }

    @Stop
    void stop() throws Exception {
        engine = shell.engine();
        shell.close();
        executor.close();
    }

    private static Connection connect(Engine through, String application) throws SQLException {
        InetSocketAddress proxy = through.listenAddress();
        Properties p = new Properties();
        var alice = demo.logins().get(0);
        p.setProperty("user", alice.user());
        p.setProperty("password", alice.password());
        p.setProperty("sslmode", "require");
        p.setProperty("ApplicationName", application);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + proxy.getHostString() + ":" + proxy.getPort() + "/"
                + DemoEnvironment.DATABASE, p);
    }

    private static Button button(FxRobot robot, String text) {
        return robot.lookup((Node n) -> n instanceof Button b && text.equals(b.getText()) && b.isVisible())
                .queryButton();
    }

    /** Answers the reason dialog, which may open only after a background check (settings are validated first). */
    private static void answer(FxRobot robot, String reason, String confirm) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#reasonField").tryQuery().isPresent());
        robot.clickOn("#reasonField").write(reason);
        robot.clickOn(button(robot, confirm));
    }

    @Test
    void theAuditViewShowsAMappingChangeAndASessionKillWithTheAdminsName(FxRobot robot) throws Exception {
        // RUNNING is set as the FX thread begins rebuilding the views: wait for them rather than race it
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#sessionsTable").tryQuery().isPresent());
        TableView<SessionRow> sessions = robot.lookup("#sessionsTable").queryTableView();
        try (Connection c = connect(engine, "audited-report")) {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxItems.of(sessions.getItems()).stream()
                    .anyMatch(r -> "audited-report".equals(r.snapshot().applicationName())));
            SessionRow row = FxItems.of(sessions.getItems()).stream()
                    .filter(r -> "audited-report".equals(r.snapshot().applicationName())).findFirst().orElseThrow();
            robot.interact(() -> sessions.getSelectionModel().select(row));
            robot.clickOn("#disconnectButton");
            answer(robot, "holds a lock on orders", "Disconnect");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> c.isClosed() || !c.isValid(1));
        }
        // the mapping view is another room's; its facade call is the same one it makes, as the same admin
        List<Mapping> mappings = new ArrayList<>(engine.directory().mappings());
        mappings.add(new Mapping(DemoDirectory.groupDn("interns"), Set.of("readonly_role")));
        engine.directory().applyMappings(mappings, shell.user().identity(), "interns may read the orders");

        robot.clickOn("#auditNav");
        TableView<AuditRecord> audit = robot.lookup("#auditTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxItems.of(audit.getItems()).stream().anyMatch(r ->
                r.event().type() == AuditEventType.MAPPING_CHANGED && ADMIN.equals(r.event().actor())));
        assertThat(FxItems.of(audit.getItems())).anySatisfy(r -> {
            assertThat(r.event().type()).isEqualTo(AuditEventType.ADMIN_ACTION);
            assertThat(r.event().actor()).isEqualTo(ADMIN);
            assertThat(r.event().user()).isEqualTo("alice");
            assertThat(r.event().message()).contains("holds a lock on orders");
        });

        @SuppressWarnings("unchecked")
        org.controlsfx.control.CheckComboBox<AuditEventType> type = robot.lookup("#auditType")
                .queryAs(org.controlsfx.control.CheckComboBox.class);
        robot.interact(() -> type.getCheckModel().check(AuditEventType.MAPPING_CHANGED));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !FxItems.of(audit.getItems()).isEmpty() && audit.getItems()
                .stream().allMatch(r -> r.event().type() == AuditEventType.MAPPING_CHANGED));
        AuditRecord mapping = FxItems.of(audit.getItems()).get(0);
        robot.interact(() -> audit.getSelectionModel().select(mapping));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#auditDetail .detail-value")
                .queryAllAs(Label.class).stream().anyMatch(l -> ADMIN.equals(l.getText())));
        Label chain = robot.lookup("#chainStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> chain.getText().startsWith("Chain intact"));
    }

    @Test
    void badSettingsShowErrorsUnderTheirFieldsAndAreNotSaved(FxRobot robot) throws Exception {
        robot.clickOn("#settingsNav");
        TableView<ConfigVersion> history = robot.lookup("#historyTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !FxItems.of(history.getItems()).isEmpty());
        int versions = history.getItems().size();
        TextField port = robot.lookup("#setting-listen-port").queryAs(TextField.class);
        TextField urls = robot.lookup("#setting-directory-urls").queryAs(TextField.class);
        robot.interact(() -> {
            port.setText("99999");
            urls.setText("ldap//dc1.example.org");
        });
        robot.clickOn("#saveSettings");
        Label portError = robot.lookup("#error-listen-port").queryAs(Label.class);
        Label urlError = robot.lookup("#error-directory-urls").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> portError.isVisible() && urlError.isVisible());
        assertThat(portError.getText()).contains("65535");
        assertThat(urlError.getText()).containsIgnoringCase("ldap");
        assertThat(robot.lookup("#reasonField").tryQuery()).isEmpty(); // never asked for a comment
        assertThat(engine.settings().history()).hasSize(versions);
    }

    @Test
    void testConnectionSaysPreciselyThatTheUpstreamRefused(FxRobot robot) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        robot.clickOn("#settingsNav");
        TextField port = robot.lookup("#setting-upstream-port").queryAs(TextField.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !port.getText().isEmpty());
        String host = engine.config().upstream().host();
        robot.interact(() -> port.setText(String.valueOf(closed)));
        Button test = robot.lookup("#upstreamTest").queryButton();
        robot.interact(test::fire); // below the fold of the settings form: fired, not clicked
        Label result = robot.lookup("#upstreamTestResult").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> result.getText().startsWith("connection refused"));
        assertThat(result.getText()).isEqualTo("connection refused to " + host + ":" + closed);

        robot.interact(() -> port.setText(String.valueOf(engine.config().upstream().port())));
        robot.interact(test::fire);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> result.getText().startsWith("OK: connected to"));
        assertThat(result.getText()).contains("as " + DemoEnvironment.ADMIN, "PostgreSQL");
    }

    @Test
    void aSavedChangeAppearsInTheHistoryAndRollbackRestoresIt(FxRobot robot) throws Exception {
        robot.clickOn("#settingsNav");
        TableView<ConfigVersion> history = robot.lookup("#historyTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !FxItems.of(history.getItems()).isEmpty());
        int before = FxItems.of(history.getItems()).get(0).version();
        TextField reconcile = robot.lookup("#setting-directory-reconcileInterval").queryAs(TextField.class);
        String original = reconcile.getText();
        robot.interact(() -> reconcile.setText("7m"));
        robot.clickOn("#saveSettings");
        answer(robot, "re-check the directory less often", "Save");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxItems.of(history.getItems()).get(0).version() == before + 1);
        ConfigVersion saved = FxItems.of(history.getItems()).get(0);
        assertThat(saved.comment()).isEqualTo("re-check the directory less often");
        assertThat(saved.author()).isEqualTo(ADMIN);
        assertThat(saved.diffFromPrevious()).contains("+  reconcileInterval: 7m");

        robot.interact(() -> history.getSelectionModel().select(1)); // the version before the change
        robot.clickOn("#rollbackButton");
        answer(robot, "keep the five-minute re-check", "Roll back");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxItems.of(history.getItems()).get(0).version() == before + 2);
        assertThat(FxItems.of(history.getItems()).get(0).comment()).startsWith("rollback to version " + before);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> original.equals(reconcile.getText()));
        assertThat(engine.settings().latestYaml()).isEqualTo(engine.settings().runningYaml());
    }

    @Test
    void stopThenStartFromTheEngineMenuAndALoginWorksAgain(FxRobot robot) throws Exception {
        ShellViewModel vm = shell.viewModel();
        robot.clickOn("Engine").clickOn("Stop");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.healthProperty().get()
                == ShellViewModel.Health.STOPPED);
        assertThat(vm.engineStateProperty().get()).isEqualTo("Engine stopped");
        assertThat(vm.canStopProperty().get()).isFalse();
        assertThat(vm.canStartProperty().get()).isTrue();
        Engine stopped = shell.engine();
        InetSocketAddress address = stopped.listenAddress();
        assertThatThrownBy(() -> connect(stopped, "while-stopped").close()).isInstanceOf(SQLException.class);

        robot.clickOn("Engine").clickOn("Start");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.healthProperty().get()
                == ShellViewModel.Health.RUNNING);
        Engine restarted = shell.engine();
        assertThat(restarted).isNotSameAs(stopped);
        assertThat(restarted.listenAddress()).isEqualTo(address);
        try (Connection c = connect(restarted, "after-restart"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user, count(*) FROM orders")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("alice");
            assertThat(rs.getLong(2)).isEqualTo(500);
        }
        // RUNNING is set as the FX thread begins rebuilding the views: wait for them rather than race it
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#sessionsTable").tryQuery().isPresent());
        TableView<SessionRow> sessions = robot.lookup("#sessionsTable").queryTableView();
        assertThat(sessions).isNotNull();
    }
}
