package io.rolegate.engine.testbed;

import io.rolegate.engine.cli.Main;
import io.rolegate.engine.config.ConfigWriter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine as its own process, as a user runs it: the CLI's main class ({@code serve}) in a JVM of its own on this
 * test's class path, with the directory's and the admin account's passwords in its environment, and its log kept for
 * the test to read.
 */
public final class EngineProcess implements AutoCloseable {
    private final Process process;
    private final StringBuilder output = new StringBuilder();

    private EngineProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (java.io.IOException e) {
                synchronized (output) {
                    output.append("reader failed: ").append(e).append('\n');
                }
            }
        }, "engine-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code rolegate-proxy --config config --data-dir dataDir}; returns once it is listening. */
    public static EngineProcess start(Path config, Path dataDir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--config", config.toString(), "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put(ConfigWriter.LDAP_PASSWORD_VARIABLE, TestDirectory.SERVICE_PASSWORD);
        pb.environment().put(ConfigWriter.ADMIN_PASSWORD_VARIABLE, TestPostgres.PASSWORD);
        EngineProcess engine = new EngineProcess(pb.start());
        engine.awaitLine("listening on");
        return engine;
    }

    /** The client port, from its "listening on HOST:PORT" line. */
    public int port() throws InterruptedException {
        return number("listening on [^ ]*:(\\d+)");
    }

    /** The admin endpoint's port, from its "admin endpoint on http://HOST:PORT/" line. */
    public int adminPort() throws InterruptedException {
        awaitLine("admin endpoint on");
        return number("admin endpoint on http://[^ ]*:(\\d+)/");
    }

    private int number(String regex) throws InterruptedException {
        Matcher m = Pattern.compile(regex).matcher(text());
        if (!m.find()) {
            throw new AssertionError("no line matching " + regex + " in:\n" + text());
        }
        return Integer.parseInt(m.group(1));
    }

    /** The last line containing {@code text}, waiting for it (generously: CI machines are slow and shared). */
    public String awaitLine(String text) throws InterruptedException {
        return Eventually.within(Duration.ofSeconds(90), () -> "a line with \"" + text + "\" in:\n" + text(),
                () -> text().lines().filter(l -> l.contains(text)).reduce((a, b) -> b).orElse(null),
                java.util.Objects::nonNull);
    }

    /** Everything it logged so far. */
    public String text() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** SIGTERM, as systemd stops it (through the handle: {@link Process#destroy()} also closes our end of its output). */
    public void sigterm() {
        process.toHandle().destroy();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill9() {
        process.toHandle().destroyForcibly();
    }

    /** Waits for it to exit; its exit code. */
    public int exitCode(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the engine did not exit within " + within + ":\n" + text());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
