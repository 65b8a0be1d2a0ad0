package io.rolegate.console.live;

import io.rolegate.console.attach.AttachRequest;
import io.rolegate.console.sessions.SessionRow;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.TraceLimits;
import io.rolegate.engine.api.remote.EngineTrust;
import io.rolegate.engine.api.remote.RemoteEngine;
import io.rolegate.engine.config.ApiConfig;
import io.rolegate.engine.tls.PemFiles;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console attached to an engine over its admin API (real TLS, the engine's self-signed certificate trusted by
 * {@code --attach-ca}): the demo's engine, directory and PostgreSQL serve it, pgjdbc is the client whose session
 * the attached console lists and ends; alice administers, carol only looks (her controls greyed with the reason, as
 * in-process; the engine still refuses what they would send).
 */
class AttachedConsoleTest extends DemoConsoleTest {
    /** The API's clock: a test moves it past the token lifetime. */
    static final class MovingClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.plusNanos(1); // moves a little each call, like a real clock; advance() makes the jumps
        }
    }

    static AttachedApi api;
    static Path certificate;
    static final MovingClock clock = new MovingClock();

    @BeforeAll
    static void serveTheApi() {
        api = AttachedApi.serve(demo.engine(), clock);
        certificate = api.certificate();
    }

    @AfterAll
    static void stopTheApi() {
        if (api != null) {
            api.close();
        }
    }

    @Start
    void start(Stage stage) {
        openDetached(stage);
    }

    @Stop
    void stop() throws Exception {
        closeWindow();
    }

    private static String url() {
        return api.url();
    }

    private void attach(FxRobot robot, AttachRequest request) {
        robot.interact(() -> shell.attach(request));
    }

    static SessionRow waitForRow(TableView<SessionRow> table, String application) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> FxItems.of(table.getItems()).stream()
                .anyMatch(r -> application.equals(r.snapshot().applicationName()) && !r.isEnded()));
        return FxItems.of(table.getItems()).stream().filter(r -> application.equals(r.snapshot().applicationName()))
                .findFirst().orElseThrow();
    }

    static DialogPane waitForDialog(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        return robot.lookup(".dialog-pane").query();
    }

    static void disconnectThroughTheWindow(FxRobot robot, TableView<SessionRow> table, String application,
                                                   String reason) throws Exception {
        SessionRow row = waitForRow(table, application);
        robot.interact(() -> table.getSelectionModel().select(row));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> !robot.lookup("#disconnectButton").queryButton().isDisabled());
        robot.clickOn("#disconnectButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#reasonField").tryQuery().isPresent());
        robot.clickOn("#reasonField").write(reason);
        robot.clickOn(robot.lookup((Node n) -> n instanceof Button b && "Disconnect".equals(b.getText()))
                .queryButton());
    }

    @Test
    void theAttachedConsoleListsAPgjdbcSessionAndEndsItAndTheEnginesAuditNamesTheConsoleUser(FxRobot robot)
            throws Exception {
        attach(robot, new AttachRequest(url(), certificate, null));
        ConsoleLogins.logIn(robot, demo, "alice");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shell.viewModel().listenAddressProperty().get()
                .startsWith("Attached to " + url() + " (node "));
        TableView<SessionRow> table = robot.lookup("#sessionsTable").queryTableView();
        try (Connection c = ConsoleLogins.session(demo, "alice", "attached-report")) {
            waitForRow(table, "attached-report");
            Screenshots.save(robot, Path.of("target", "attached-console.png"));
            CompletableFuture<Void> longQuery = CompletableFuture.runAsync(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_sleep(60)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            disconnectThroughTheWindow(robot, table, "attached-report", "ended from the attached console");

            assertThatThrownBy(() -> longQuery.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .satisfies(e -> {
                        SQLException sql = (SQLException) e.getCause().getCause();
                        assertThat(sql.getSQLState()).isEqualTo("57P01");
                        assertThat(sql.getMessage()).contains("ended from the attached console");
                    });
        }
        assertThat(demo.engine().audit().records(AuditQuery.all().type(AuditEventType.ADMIN_ACTION)))
                .anySatisfy(r -> {
                    assertThat(r.event().actor()).isEqualTo("alice");
                    assertThat(r.event().message()).contains("ended from the attached console");
                });

        // the audit and mapping views read the remote engine
        robot.clickOn("#auditNav");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shell.audit().records().stream()
                .anyMatch(r -> r.event().message().contains("ended from the attached console")));
        robot.clickOn("#mappingNav");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !shell.mapping().roles().isEmpty());
    }

    @Test
    void throughputMovesUnderPgjdbcTrafficAndTheDirectoryListsTheTestDirectorysGroupsAttached(FxRobot robot)
            throws Exception {
        attach(robot, new AttachRequest(url(), certificate, null));
        ConsoleLogins.logIn(robot, demo, "carol"); // both views only read: a read-only login sees them
        robot.clickOn("#throughputNav");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shell.throughput().bytesIn().points().size() > 1);
        double before = maxOf(shell.throughput().messagesIn());
        try (Connection c = ConsoleLogins.session(demo, "alice", "attached-traffic"); Statement s = c.createStatement()) {
            for (int i = 0; i < 200; i++) {
                s.execute("select " + i);
            }
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> maxOf(shell.throughput().messagesIn()) > before
                    && maxOf(shell.throughput().messagesIn()) >= 10);
        }
        Screenshots.save(robot, Path.of("target", "attached-throughput.png"));

        robot.clickOn("#directoryNav");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shell.directory().byNestingProperty().get() != null
                && names(shell.directory().byNestingProperty().get()).contains("dba"));
        Screenshots.save(robot, Path.of("target", "attached-directory.png"));
    }

    private static double maxOf(io.rolegate.console.throughput.TimeSeries series) {
        return series.points().stream().mapToDouble(p -> p.getYValue().doubleValue()).max().orElse(0);
    }

    private static java.util.Set<String> names(io.rolegate.console.directory.GroupNode node) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (node.isGroup()) {
            out.add(node.group().name());
        }
        node.children().forEach(child -> out.addAll(names(child)));
        return out;
    }

    @Test
    void aSettingsChangeSavedAttachedIsInForceOnTheEngineAndAuditedWithTheConsoleUser(FxRobot robot)
            throws Exception {
        attach(robot, new AttachRequest(url(), certificate, null));
        ConsoleLogins.logIn(robot, demo, "alice");
        robot.clickOn("#settingsNav");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !shell.settings().history().isEmpty());
        assertThat(robot.lookup("#attachedNote").queryLabeled().getText()).contains("not sent");
        Screenshots.save(robot, Path.of("target", "attached-settings.png"));
        robot.interact(() -> shell.settings().field("policies.maxSessionsPerUser").valueProperty().set("17"));
        robot.interact(() -> shell.settings().save());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#reasonField").tryQuery().isPresent());
        robot.clickOn("#reasonField").write("seventeen sessions each, attached");
        robot.clickOn(robot.lookup((Node n) -> n instanceof Button b && "Save".equals(b.getText())).queryButton());

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> demo.engine().settings().runningYaml()
                .contains("maxSessionsPerUser: 17"));
        assertThat(demo.engine().audit().records(AuditQuery.all().type(AuditEventType.CONFIG_CHANGED)))
                .last().satisfies(r -> {
                    assertThat(r.event().actor()).isEqualTo("alice");
                    assertThat(r.event().message()).contains("configuration version");
                });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> shell.settings().lastActionProperty().get()
                .contains("Applied now: policies.maxSessionsPerUser"));
    }

    @Test
    void anAuditorTracesALivePgjdbcSessionAttachedAndReadsItsRecording(FxRobot robot) throws Exception {
        recordDbaRoleSessions();
        attach(robot, new AttachRequest(url(), certificate, null));
        ConsoleLogins.logIn(robot, demo, "alice"); // the demo's alice administers and audits
        TableView<SessionRow> table = robot.lookup("#sessionsTable").queryTableView();
        long traced;
        try (Connection app = ConsoleLogins.session(demo, "alice", "attached-traced")) {
            SessionRow row = waitForRow(table, "attached-traced");
            traced = row.snapshot().id();
            robot.interact(() -> table.getSelectionModel().select(row));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#traceButton").queryButton()
                    .isDisabled());
            robot.clickOn("#traceButton");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#traceTable").tryQuery().isPresent());
            try (Statement s = app.createStatement()) {
                s.execute("select 'attached' as marker");
            }
            TableView<io.rolegate.engine.api.model.TraceMessage> trace = robot.lookup("#traceTable").queryTableView();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> FxItems.of(trace.getItems()).stream()
                    .anyMatch(m -> m.type().equals("Parse") || m.type().equals("Query")));
            Screenshots.save(robot, trace, Path.of("target", "attached-trace.png"));
            robot.clickOn("#stopTrace");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#traceStatus")
                    .queryAs(javafx.scene.control.Label.class).getText().startsWith("Stopped: stopped by alice"));
            robot.interact(() -> ((javafx.stage.Stage) trace.getScene().getWindow()).hide());
        }
        assertThat(demo.engine().audit().records(AuditQuery.all().type(AuditEventType.SESSION_TRACE)))
                .anySatisfy(r -> assertThat(r.event().message()).contains("stopped by alice"));

        // the session recorded on the engine is found and read through the attached console
        robot.clickOn(robot.lookup((Node n) -> n instanceof javafx.scene.control.Labeled l
                && "History ▸ Recording".equals(l.getText())).queryLabeled());
        TableView<io.rolegate.engine.api.model.Recording> recordings = robot.lookup("#recordingsTable")
                .queryTableView();
        java.util.function.BooleanSupplier found = () -> FxItems.of(recordings.getItems()).stream()
                .anyMatch(r -> r.sessionId() == traced && r.ended() != null);
        for (int i = 0; i < 60 && !found.getAsBoolean(); i++) {
            Thread.sleep(1000); // the recording is written as the session ends: search again
            robot.interact(() -> robot.lookup("#recordingSearch").queryButton().fire());
        }
        assertThat(FxItems.of(recordings.getItems())).as("recordings listed attached; the view says: "
                + robot.lookup("#recordingProblem").queryLabeled().getText() + " / "
                + robot.lookup("#recordingSummary").queryLabeled().getText())
                .anySatisfy(r -> assertThat(r.sessionId()).isEqualTo(traced));
        robot.interact(() -> recordings.getSelectionModel().select(FxItems.of(recordings.getItems()).stream()
                .filter(r -> r.sessionId() == traced).findFirst().orElseThrow()));
        TableView<io.rolegate.engine.api.model.RecordedStatement> timeline = robot.lookup("#timelineTable")
                .queryTableView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> FxItems.of(timeline.getItems()).stream()
                .anyMatch(st -> st.text().contains("as marker")));
        Screenshots.save(robot, Path.of("target", "attached-recordings.png"));
        assertThat(demo.engine().audit().records(AuditQuery.all().type(AuditEventType.RECORDING_READ)))
                .anySatisfy(r -> assertThat(r.event().actor()).isEqualTo("alice"));
    }

    /** The demo records no session; policies.record (live) makes the engine record dba_role's from now on. */
    private static void recordDbaRoleSessions() {
        var settings = demo.engine().settings();
        String yaml = settings.latestYaml();
        if (yaml.contains("record:")) {
            return;
        }
        String recorded = yaml.contains("policies:\n") ? yaml.replace("policies:\n",
                "policies:\n  record:\n    roles: [dba_role]\n") : yaml + "\npolicies:\n  record:\n    roles: [dba_role]\n";
        var alice = demo.engine().directory().consoleLogin("alice",
                ConsoleLogins.demoUser(demo, "alice").password().toCharArray());
        settings.save(recorded, java.util.Map.of(), alice, "record dba_role sessions for the attached console test");
    }

    @Test
    void aReadOnlyLoginSeesDisconnectCancelAndTraceGreyedWithTheReasonAndTheEngineStillRefusesThem(FxRobot robot)
            throws Exception {
        attach(robot, new AttachRequest(url(), certificate, null));
        ConsoleLogins.logIn(robot, demo, "carol");
        assertThat(shell.user().mayAdminister()).isFalse();
        TableView<SessionRow> table = robot.lookup("#sessionsTable").queryTableView();
        long refusedBefore = refusalsOf("carol");
        try (Connection alice = ConsoleLogins.session(demo, "alice", "alice-at-work")) {
            SessionRow row = waitForRow(table, "alice-at-work");
            robot.interact(() -> table.getSelectionModel().select(row));
            WaitForAsyncUtils.waitForFxEvents();
            // as in-process: greyed, and the box around the buttons says why
            assertThat(robot.lookup("#disconnectButton").queryButton().isDisabled()).isTrue();
            assertThat(robot.lookup("#cancelButton").queryButton().isDisabled()).isTrue();
            assertThat(robot.lookup("#traceButton").queryButton().isDisabled()).isTrue();
            String why = Tooltips.of(robot.lookup("#sessionActions").query());
            assertThat(why).startsWith("carol is logged in read-only (")
                    .endsWith("and may not end sessions or cancel queries: only members of the console admin group"
                            + " (console.adminGroup) may.");
            assertThat(Tooltips.of(robot.lookup("#traceActions").query()))
                    .startsWith("carol may not trace sessions: only members of the console auditor group");
            assertThat(Tooltips.hoverAndSave(robot, robot.lookup("#disconnectButton").query(),
                    Path.of("target", "attached-read-only.png"))).as("resting the mouse on Disconnect").isEqualTo(why);

            // the window is not the lock: what the buttons would have sent, with the login the window holds
            RemoteEngine sent = api.remote();
            ConsoleIdentity carol = shell.user().identity();
            assertThatThrownBy(() -> sent.disconnect(row.node(), row.id(), "carol tries", carol))
                    .isInstanceOf(PermissionDenied.class).hasMessageContaining("carol may only look");
            assertThatThrownBy(() -> sent.cancelQuery(row.node(), row.id(), carol))
                    .isInstanceOf(PermissionDenied.class).hasMessageContaining("carol may only look");
            assertThatThrownBy(() -> sent.traces().start(row.id(), TraceLimits.defaults(), carol))
                    .isInstanceOf(PermissionDenied.class).hasMessageContaining("carol is no auditor");
            assertThat(alice.isValid(5)).as("alice's session lives on").isTrue();
        }
        assertThat(refusalsOf("carol")).as("each refusal in the engine's audit").isEqualTo(refusedBefore + 3);
    }

    private static long refusalsOf(String actor) {
        return demo.engine().audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_ACTION_REFUSED)).stream()
                .filter(r -> r.event().actor().equals(actor)).count();
    }

    @Test
    void aCertificateNothingVouchesForIsRefusedWithADialogNamingItsFingerprint(FxRobot robot) throws Exception {
        String fingerprint = EngineTrust.fingerprint(PemFiles.readCertificates(certificate).get(0));
        attach(robot, new AttachRequest(url(), null, null)); // the system's CAs: they never issued it

        DialogPane refusal = waitForDialog(robot);
        assertThat(refusal.getHeaderText()).contains(fingerprint);
        assertThat(refusal.getContentText()).contains("--attach-pin " + fingerprint);
        assertThat(robot.lookup("#loginUser").tryQuery()).as("no login form for an untrusted engine").isEmpty();
        robot.clickOn(robot.lookup(".dialog-pane .button").queryButton());
        assertThat(shell.viewModel().progressProperty().get()).startsWith("Not attached");

        attach(robot, new AttachRequest(url(), null, fingerprint)); // pinned after comparing it
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#loginUser").tryQuery().isPresent());
    }

    @Test
    void fileConnectToEngineAsksForTheUrlAndPinThenShowsTheEnginesLoginForm(FxRobot robot) throws Exception {
        String fingerprint = EngineTrust.fingerprint(PemFiles.readCertificates(certificate).get(0));
        javafx.application.Platform.runLater(() -> shell.viewModel().connect()); // what File ▸ Connect… does
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#connectUrl").tryQuery().isPresent());
        javafx.scene.control.TextField address = robot.lookup("#connectUrl").query();
        robot.interact(() -> address.setText(url()));
        robot.clickOn("#connectPin").write(fingerprint.toLowerCase());
        robot.clickOn(robot.lookup((Node n) -> n instanceof Button b && "Connect".equals(b.getText()))
                .queryButton());

        ConsoleLogins.logIn(robot, demo, "carol");
        assertThat(shell.viewModel().listenAddressProperty().get()).startsWith("Attached to " + url());
        assertThat(shell.user().name()).isEqualTo("carol");
    }

    @Test
    void anExpiredLoginBringsBackTheLoginForm(FxRobot robot) throws Exception {
        attach(robot, new AttachRequest(url(), certificate, null));
        ConsoleLogins.logIn(robot, demo, "alice");
        clock.advance(ApiConfig.DEFAULT_TOKEN_LIFETIME.plusMinutes(1));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#loginUser").tryQuery().isPresent());
        // the first call after the expiry hears "expired"; the feed may be the second and hear "not valid"
        assertThat(robot.lookup("#loginNote").queryLabeled().getText()).startsWith("Your login ended")
                .containsIgnoringCase("log in again");
        assertThat(shell.user()).isNull();
    }
}
