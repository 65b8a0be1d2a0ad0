package io.rolegate.console.live;

import io.rolegate.console.demo.Demo;
import io.rolegate.engine.api.DemoEnvironment;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

/** Logging in through the console's login form, as a person would. */
final class ConsoleLogins {
    private ConsoleLogins() {
    }

    static DemoEnvironment.DemoLogin demoUser(Demo demo, String name) {
        return demo.logins().stream().filter(l -> l.user().equals(name)).findFirst().orElseThrow();
    }

    /** Types the user's name and password into the form and presses Log in. */
    static void submit(FxRobot robot, String user, String password) throws Exception {
        // in a scene: a form that just appeared (an attached console's, after its certificate check) is typed into
        // only once it is drawn
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#loginUser").tryQuery()
                .filter(n -> n.getScene() != null).isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#loginUser").write(user);
        robot.clickOn("#loginPassword").write(password);
        robot.clickOn("#loginButton");
    }

    /** Logs in as a demo user and waits until the views are there. */
    static void logIn(FxRobot robot, Demo demo, String name) throws Exception {
        submit(robot, name, demoUser(demo, name).password());
        // generous: a fresh JVM's first login (directory bind, every view's FXML, the audit chain) on a loaded CI box
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#sessionsTable").tryQuery().isPresent());
    }

    /** A pgjdbc session of a demo user through the demo's proxy (TLS), named {@code application} when not null. */
    static java.sql.Connection session(Demo demo, String name, String application) throws java.sql.SQLException {
        return session(demo, demo.engine(), name, application);
    }

    /** As {@link #session(Demo, String, String)}, through {@code engine}'s proxy (another node of a fleet). */
    static java.sql.Connection session(Demo demo, io.rolegate.engine.api.Engine engine, String name,
                                       String application) throws java.sql.SQLException {
        java.net.InetSocketAddress proxy = engine.listenAddress();
        DemoEnvironment.DemoLogin login = demoUser(demo, name);
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", login.user());
        p.setProperty("password", login.password());
        p.setProperty("sslmode", "require");
        if (application != null) {
            p.setProperty("ApplicationName", application);
        }
        return java.sql.DriverManager.getConnection("jdbc:postgresql://" + proxy.getHostString() + ":"
                + proxy.getPort() + "/" + DemoEnvironment.DATABASE, p);
    }
}
