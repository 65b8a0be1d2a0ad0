package io.rolegate.engine.testbed;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * What a child process (an engine in its own JVM) prints, collected line by line on a daemon thread, so a test can
 * wait for a line while the process runs and show everything it said when an assertion fails.
 */
public final class ProcessOutput {
    private final StringBuilder text = new StringBuilder();

    private ProcessOutput() {
    }

    /** Starts collecting {@code process}'s standard output (start it with {@code redirectErrorStream(true)}). */
    public static ProcessOutput follow(Process process) {
        ProcessOutput output = new ProcessOutput();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line);
                }
            } catch (java.io.IOException e) {
                output.append("reader failed: " + e);
            }
        }, "process-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    private synchronized void append(String line) {
        text.append(line).append('\n');
    }

    /** Everything printed so far. */
    public synchronized String text() {
        return text.toString();
    }
}
