package io.rolegate.console.demo;

import io.rolegate.console.shell.ConnectHint;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.DemoEnvironment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything {@code --demo} runs, from the engine's demo environment: an embedded PostgreSQL with a sample
 * database, an in-memory directory with a small company, and the engine in directory mode with TLS on a free
 * loopback port. The hint shown above every view is a psql line for alice, the demo's DBA.
 */
public final class Demo implements AutoCloseable {
    private final DemoEnvironment environment;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread stopOnExit = new Thread(this::closeOnExit, "demo-stop-on-exit");

    private Demo(DemoEnvironment environment) {
        this.environment = environment;
    }

    /** Blocking (a few seconds): call off the FX thread. */
    public static Demo start() throws Exception {
        Demo demo = new Demo(DemoEnvironment.start());
        // SIGTERM or a logout ends the JVM without the window's close; the embedded PostgreSQL is a process of its
        // own and would outlive it, holding its port and files
        Runtime.getRuntime().addShutdownHook(demo.stopOnExit);
        return demo;
    }

    public Engine engine() {
        return environment.engine();
    }

    /** Its PostgreSQL and directory, for tests that run more engines on them (a fleet). */
    public DemoEnvironment environment() {
        return environment;
    }

    /** The demo's people and their passwords, for tests and the help dialog. */
    public java.util.List<DemoEnvironment.DemoLogin> logins() {
        return environment.logins();
    }

    /** What the console does with each demo account (the psql outcome is {@link DemoEnvironment.DemoLogin#expect}). */
    private static final java.util.Map<String, String> CONSOLE = java.util.Map.of(
            "alice", "administrator and auditor (dba, auditors)",
            "bob", "refused (neither dba nor readers)",
            "carol", "read-only (readers)",
            "dave", "refused (neither dba nor readers)",
            "erin", "refused (account locked)");

    /**
     * Every demo account on the login form, with its password and what it gets here and through psql: alice
     * administers (dba, through data-team) and may trace sessions (auditors), carol may only look (readers), bob, dave and erin are refused.
     */
    public java.util.List<String> consoleAccounts() {
        return environment.logins().stream()
                .map(l -> l.user() + "  ·  " + l.password() + "  ·  console: "
                        + CONSOLE.getOrDefault(l.user(), "refused") + "  ·  psql: " + l.expect())
                .toList();
    }

    public ConnectHint connectHint() {
        DemoEnvironment.DemoLogin alice = environment.logins().get(0);
        // short, so the whole command stays visible in the banner beside it
        return new ConnectHint("Connect as " + alice.user() + ", the demo's DBA:", environment.psqlCommand(alice));
    }

    /** Writes the DBA's libpq environment to {@code file} for scripts ({@code --demo-env}); see DemoConnectFile. */
    public void writeConnectEnv(Path file) throws IOException {
        DemoEnvironment.DemoLogin alice = environment.logins().get(0);
        DemoConnectFile.write(file, DemoConnectFile.lines(engine().listenAddress(), alice.user(), alice.password(),
                DemoEnvironment.DATABASE));
    }

    /** Stops the engine (sessions get 57P01), the directory and PostgreSQL, then removes the files. Blocking. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException exiting) {
            // the JVM is already running its shutdown hooks (this may be one): nothing left to unregister
        }
        environment.close();
    }

    private void closeOnExit() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            // logging may already be shut down at this point
            System.err.println("rolegate: the demo did not stop cleanly on exit: " + e);
        }
    }
}
