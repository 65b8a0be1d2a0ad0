package io.rolegate.engine.testbed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server a test runs as a child process in the foreground (slapd, rsyslogd), its output appended to a log
 * file: started and waited for until it listens, stopped with SIGTERM and, if need be, SIGKILL.
 */
public final class ChildServer {
    private ChildServer() {
    }

    /**
     * Starts {@code command} and waits until 127.0.0.1:{@code port} accepts connections; fails with the server's log
     * when it exits first or does not listen within {@code wait} (then it is stopped).
     */
    public static Process start(String name, List<String> command, Path log, int port, Duration wait)
            throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        boolean listens = Eventually.holdsWithin(wait, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + read(log, name));
            }
            return listening(port);
        });
        if (!listens) {
            stop(process);
            throw new IllegalStateException(name + " did not listen within " + wait + ": " + read(log, name));
        }
        return process;
    }

    /** SIGTERM, then SIGKILL after 10 s; nothing for null. */
    public static void stop(Process process) throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The log so far, or why there is none. */
    public static String read(Path log, String name) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no " + name + " log: " + e.getMessage() + ")";
        }
    }
}
