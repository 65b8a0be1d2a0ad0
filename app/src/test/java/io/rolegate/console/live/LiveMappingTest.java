package io.rolegate.console.live;

import io.rolegate.engine.demo.DemoDirectory;
import io.rolegate.engine.api.DemoEnvironment;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Logging in, the directory view and drag-and-drop mapping against the real engine of the demo (embedded
 * PostgreSQL, in-memory directory), with pgjdbc logging in through the proxy to see what a mapping grants.
 */
class LiveMappingTest extends DemoConsoleTest {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Stop
    void stop() throws Exception {
        closeWindow();
    }
    private static final String INTERNS = DemoDirectory.groupDn("interns");

    private Connection loginThroughProxy(String user) throws Exception {
        var proxy = demo.engine().listenAddress();
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", ConsoleLogins.demoUser(demo, user).password());
        p.setProperty("sslmode", "require");
        return DriverManager.getConnection("jdbc:postgresql://" + proxy.getHostString() + ":" + proxy.getPort() + "/"
                + DemoEnvironment.DATABASE, p);
    }

    private static boolean hasRole(Connection c, String role) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT pg_has_role('" + role + "', 'member')")) {
            r.next();
            return r.getBoolean(1);
        }
    }

    private static boolean internsMappedTo(String role) {
        return demo.engine().directory().mappings().stream()
                .anyMatch(m -> io.rolegate.engine.api.model.Dns.same(m.groupDn(), INTERNS)
                        && m.roles().contains(role));
    }

    /** A line of one of the two trees (the other tab holds the same lines, hidden). */
    private static Node cell(FxRobot robot, String tree, String text) {
        return robot.from(robot.lookup(tree).queryAll())
                .lookup((Node n) -> n instanceof TreeCell<?> c && text.equals(c.getText())).query();
    }

    @Test
    void theLoginFormShowsTheDemoAccountsAndRefusesSomeoneOutsideTheConsoleGroups(FxRobot robot) throws Exception {
        assertThat(robot.lookup((Node n) -> n instanceof Label l && l.getText().startsWith("alice  ·  "))
                .tryQuery()).isPresent();
        ConsoleLogins.submit(robot, "dave", ConsoleLogins.demoUser(demo, "dave").password());
        Label problem = robot.lookup("#loginProblem").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !problem.getText().isEmpty());
        assertThat(problem.getText()).contains("dave may not use the console");
        assertThat(robot.lookup("#sessionsTable").tryQuery()).isEmpty();
    }

    @Test
    void draggingAGroupOntoARoleAndApplyingGrantsItThroughTheProxyAndUndoTakesItBack(FxRobot robot)
            throws Exception {
        assertThatThrownBy(() -> loginThroughProxy("dave").close()).as("interns are mapped to no role yet")
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        ConsoleLogins.logIn(robot, demo, "alice");
        robot.clickOn("#mappingNav");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#group-interns").tryQuery().isPresent()
                && robot.lookup("#role-analyst_role").tryQuery().isPresent());
        assertThat(robot.lookup("#consoleUser").queryAs(Label.class).getText())
                .isEqualTo("Alice Martin (alice) · administrator · auditor");

        robot.drag("#group-interns").dropTo("#role-analyst_role");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#dryRunTable").tryQuery().isPresent());
        TableView<?> diff = robot.lookup("#dryRunTable").queryTableView();
        assertThat(diff.getItems()).singleElement().hasToString(
                "Row[user=dave, gains=analyst_role, loses=—, note=]");
        assertThat(robot.lookup("#dryRunSql").queryAs(TextArea.class).getText())
                .contains("GRANT \"analyst_role\" TO \"dave\"");
        robot.clickOn(robot.lookup((Node n) -> n instanceof Button b && "Apply".equals(b.getText())).queryButton());

        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#chip-analyst_role-interns")
                .tryQuery().isPresent());
        assertThat(internsMappedTo("analyst_role")).isTrue();
        try (Connection dave = loginThroughProxy("dave")) {
            assertThat(hasRole(dave, "analyst_role")).isTrue();
        }
        assertThat(demo.engine().audit().records(AuditQuery.all().type(AuditEventType.MAPPING_CHANGED)))
                .anySatisfy(r -> {
                    assertThat(r.event().actor()).isEqualTo("alice");
                    assertThat(r.event().message()).isEqualTo("map group interns to analyst_role");
                });

        robot.clickOn("#roleCards").press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        // the undo shows its dry run first, like the drop did
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#dryRunTable").tryQuery().isPresent());
        robot.clickOn(robot.lookup((Node n) -> n instanceof Button b && "Apply".equals(b.getText())).queryButton());
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !internsMappedTo("analyst_role")
                && robot.lookup("#chip-analyst_role-interns").tryQuery().isEmpty());
        assertThatThrownBy(() -> loginThroughProxy("dave").close()).as("the undo took the mapping away")
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        assertThat(demo.engine().audit().records(AuditQuery.all().type(AuditEventType.MAPPING_CHANGED)))
                .anySatisfy(r -> assertThat(r.event().message()).isEqualTo("undo: map group interns to analyst_role"));
    }

    @Test
    void aGroupDraggedFromTheDirectoryTreeOverTheMappingEntryCanBeDroppedOnARole(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        robot.clickOn("#mappingNav");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#role-analyst_role").tryQuery()
                .isPresent());
        robot.clickOn("#directoryNav");
        // the visit re-reads the directory: wait until the tree stops being rebuilt under the pointer
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !shell.directory().busyProperty().get()
                && robot.lookup("interns · 1 member").tryQuery().isPresent());

        robot.drag(cell(robot, "#ouTree", "interns · 1 member")).moveTo("#mappingNav")
                .moveTo("#role-analyst_role").drop();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#dryRunTable").tryQuery().isPresent());
        assertThat(robot.lookup("#dryRunTable").queryTableView().getItems()).singleElement()
                .hasToString("Row[user=dave, gains=analyst_role, loses=—, note=]");
        robot.clickOn(robot.lookup((Node n) -> n instanceof Button b && "Cancel".equals(b.getText())).queryButton());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(internsMappedTo("analyst_role")).as("cancelled: nothing changed").isFalse();
    }

    @Test
    void aReadOnlyUserCannotDropOrUnmap(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "carol");
        robot.clickOn("#mappingNav");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#group-interns").tryQuery().isPresent()
                && robot.lookup("#chip-dba_role-dba").tryQuery().isPresent());
        assertThat(robot.lookup("#readOnlyNote").queryAs(Label.class).isVisible()).isTrue();
        assertThat(shell.mapping().dropRefusal(INTERNS, "analyst_role"))
                .hasValue("carol is logged in read-only and cannot change mappings");

        robot.drag("#group-interns").dropTo("#role-analyst_role");
        robot.clickOn("#chip-dba_role-dba").type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#dryRunTable").tryQuery()).as("no dry run is offered").isEmpty();
        assertThat(internsMappedTo("analyst_role")).isFalse();
        assertThat(demo.engine().directory().mappings()).hasSize(3);
        assertThat(robot.lookup("#chip-dba_role-dba").tryQuery()).isPresent();
    }

    @Test
    void theDirectoryViewShowsGroupsByNestingAndAUsersGroupsWithTheirPath(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        robot.clickOn("#directoryNav");
        robot.clickOn("By nesting");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !shell.directory().busyProperty().get()
                && robot.lookup("data-team · 1 member → dba_role (via dba)").tryQuery().isPresent());
        robot.clickOn(cell(robot, "#nestingTree", "dba · 2 members → dba_role"));
        ListView<String> members = robot.lookup("#membersList").queryListView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> members.getItems().size() == 2);
        assertThat(members.getItems()).anySatisfy(l -> assertThat(l).startsWith("group  data-team"))
                .anySatisfy(l -> assertThat(l).startsWith("user   erin"));

        robot.clickOn("#userLookup").write("alice").type(KeyCode.ENTER);
        ListView<String> groups = robot.lookup("#userGroups").queryListView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !groups.getItems().isEmpty());
        assertThat(groups.getItems()).contains("dba via data-team → dba_role", "data-team");
        robot.doubleClickOn("#userLookup").eraseText(5).write("erin").type(KeyCode.ENTER);
        Label account = robot.lookup("#userAccount").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> account.getText().startsWith("Account locked"));
    }
}
