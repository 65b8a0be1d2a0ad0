package io.rolegate.console.live;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldif.LDIFReader;
import io.rolegate.console.demo.Demo;
import io.rolegate.console.shell.ConsoleShell;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.demo.DemoDirectory;
import io.rolegate.engine.directory.DirectorySettings;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
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

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window stays usable while a directory search is slow: the demo's directory content on an in-memory server
 * whose group-name searches wait until the test lets them go. The test works the window while the search hangs,
 * so no timing is assumed: a blocked UI thread could not show what the test typed until the search ended.
 */
@ExtendWith(ApplicationExtension.class)
class SlowDirectoryTest {
    private static final CountDownLatch release = new CountDownLatch(1);
    private static final CountDownLatch searchArrived = new CountDownLatch(1);
    private static Demo demo;
    private static InMemoryDirectoryServer slowDirectory;
    private static Engine engine;
    private ConsoleWindow window;
    private ConsoleShell shell;

    /** Holds back searches for group names containing text (the view's search) until released. */
    private static final class HoldGroupSearches extends InMemoryOperationInterceptor {
        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            if (request.getRequest().getFilter().toString().contains("(cn=*")) {
                searchArrived.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        demo = Demo.start();
        DirectorySettings demoSettings = demo.engine().config().directory();
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DemoDirectory.BASE);
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(),
                0, null));
        config.addInMemoryOperationInterceptor(new HoldGroupSearches());
        slowDirectory = new InMemoryDirectoryServer(config);
        try (InputStream ldif = DemoDirectory.class.getResourceAsStream("/demo/directory.ldif")) {
            slowDirectory.importFromLDIF(true, new LDIFReader(ldif));
        }
        slowDirectory.modify(DemoDirectory.SERVICE_DN, new Modification(ModificationType.REPLACE, "userPassword",
                new String(demoSettings.bindPassword().chars())));
        slowDirectory.modify("uid=alice," + DemoDirectory.PEOPLE, new Modification(ModificationType.REPLACE,
                "userPassword", ConsoleLogins.demoUser(demo, "alice").password()));
        slowDirectory.startListening();
        var demoConfig = demo.engine().config();
        engine = new Engine(demoConfig
                .withListen(new ListenConfig("127.0.0.1", 0, demoConfig.listen().tls(), false))
                .withDirectory(demoSettings.toBuilder()
                        .urls("ldap://127.0.0.1:" + slowDirectory.getListenPort())
                        // the test holds searches as long as it likes: no client-side timeout may end them first
                        .responseTimeout(Duration.ofMinutes(2)).build()),
                Files.createTempDirectory("rolegate-slow"));
        engine.start();
    }

    @AfterAll
    static void stop() throws Exception {
        release.countDown();
        engine.stop(Duration.ofSeconds(1));
        slowDirectory.shutDown(true);
        demo.close();
    }

    @Start
    void start(Stage stage) {
        window = ConsoleWindow.show(stage);
        shell = window.shell;
        shell.attach(engine, null);
    }

    @Stop
    void stopShell() throws Exception {
        window.close();
    }

    @Test
    void theWindowAnswersWhileADirectorySearchHangs(FxRobot robot) throws Exception {
        ConsoleLogins.logIn(robot, demo, "alice");
        robot.clickOn("#directoryNav");
        Label status = robot.lookup("#directoryStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> status.getText().endsWith("groups"));

        robot.clickOn("#groupSearch").write("a");
        robot.clickOn("#groupSearchButton");
        assertThat(searchArrived.await(15, TimeUnit.SECONDS)).as("the search reached the directory").isTrue();
        ProgressIndicator busy = robot.lookup("#directoryBusy").queryAs(ProgressIndicator.class);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(busy.isVisible()).as("progress shows while the search runs").isTrue();
        assertThat(status.getText()).isEqualTo("Searching groups containing \"a\"…");

        robot.clickOn("#userLookup").write("typed while the directory hangs");
        robot.clickOn("#mappingNav");
        assertThat(robot.lookup("#roleCards").tryQuery()).as("another view opened meanwhile").isPresent();
        robot.clickOn("#directoryNav");
        assertThat(robot.lookup("#userLookup").queryAs(TextField.class).getText())
                .isEqualTo("typed while the directory hangs");
        assertThat(busy.isVisible()).as("the search is still hanging").isTrue();

        release.countDown();
        // both held searches (the first, and the one the revisit started) answer; the newest one's count shows
        // data-team, dba, analysts, readers, auditors
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().equals("5 groups containing \"a\""));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !busy.isVisible());
    }
}
