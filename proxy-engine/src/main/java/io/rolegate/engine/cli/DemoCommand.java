package io.rolegate.engine.cli;

import io.rolegate.engine.api.DemoEnvironment;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The demo without a window: an embedded PostgreSQL, an in-memory directory with a small company, and the proxy in
 * directory mode, with ready-to-paste psql lines for each demo user. Runs until stopped.
 */
final class DemoCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("demo");
    }

    @Override
    public String synopsis() {
        return "demo";
    }

    @Override
    public String summary() {
        return "run a self-contained demo (embedded PostgreSQL + directory) and print how to connect";
    }

    @Override
    public Set<Option> options() {
        return Set.of();
    }

    @Override
    public int run(CommandLine line, CliContext ctx) {
        PrintStream out = ctx.out();
        out.println("Starting the demo: an embedded PostgreSQL, an in-memory directory, and the proxy in front...");
        DemoEnvironment demo;
        try {
            demo = DemoEnvironment.start();
        } catch (Exception e) {
            ctx.err().println("rolegate: the demo could not start: " + e.getMessage());
            return 1;
        }
        out.println();
        out.println("Rolegate demo is running on " + demo.engine().listenAddress().getHostString() + ":"
                + demo.engine().listenAddress().getPort() + " (directory authentication, TLS).");
        out.println("Each person logs in with their directory password and lands in PostgreSQL as themselves:");
        out.println();
        for (DemoEnvironment.DemoLogin login : demo.logins()) {
            out.println("  # " + login.user() + " — " + login.expect());
            out.println("  " + demo.psqlCommand(login));
            out.println();
        }
        out.println("Stop with Ctrl-C.");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        ctx.onShutdown().accept(() -> {
            try {
                demo.close();
            } catch (java.io.IOException e) {
                ctx.err().println("rolegate: could not remove the demo's files: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        });
        try {
            stopped.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
