package io.rolegate.engine.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs the command line in-process with a given environment and captures both streams. */
final class CliRun {
    final int code;
    final String out;
    final String err;

    private CliRun(int code, String out, String err) {
        this.code = code;
        this.out = out;
        this.err = err;
    }

    /**
     * {@code rolegate-proxy WORDS --ca CA} as the console user {@code user} of the test directory: their password in
     * the environment, their own home below {@code dir} (where {@code admin login} keeps the token).
     */
    static CliRun asConsoleUser(Path dir, Path ca, String user, String... words) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put(AdminCommand.PASSWORD_VARIABLE, io.rolegate.engine.testbed.TestDirectory.password(user));
        env.put("USER", user);
        String[] args = java.util.Arrays.copyOf(words, words.length + 2);
        args[words.length] = "--ca";
        args[words.length + 1] = ca.toString();
        return run(env, dir.resolve(user + "-home"), args);
    }

    static CliRun run(Map<String, String> env, Path home, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(env::get, home, (cfg, dataDir) -> {
            throw new AssertionError("store commands must not build an engine");
        }, work -> {
            throw new AssertionError("store commands must not install shutdown hooks");
        });
        int code = main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
