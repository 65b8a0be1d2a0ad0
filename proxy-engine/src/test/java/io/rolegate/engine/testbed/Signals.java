package io.rolegate.engine.testbed;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Sends a Unix signal to a test server's process (SIGSTOP/SIGCONT for hang tests). */
final class Signals {
    private Signals() {
    }

    /** {@code kill <which> <pid>}; {@code what} names the server in errors. */
    static void send(Process process, String which, String what) throws Exception {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(what + " is not running");
        }
        // never inheritIO here: the test JVM's stdin and stdout are surefire's channel to Maven
        Process kill = new ProcessBuilder("kill", which, Long.toString(process.pid())).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + which + " " + process.pid() + " (" + what + ") failed: " + said);
        }
    }
}
