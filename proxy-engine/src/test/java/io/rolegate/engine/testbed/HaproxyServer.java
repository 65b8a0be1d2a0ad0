package io.rolegate.engine.testbed;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy in the foreground ({@code haproxy -db}) with a configuration the test writes, and its stats
 * socket to read what its health checks decided. The configuration must declare
 * {@code stats socket <dir>/haproxy.sock level admin} in its {@code global} section ({@link #statsSocketLine}).
 */
public final class HaproxyServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/haproxy");

    private final Process process;
    private final Path socket;
    private final Path log;

    private HaproxyServer(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    /** Skips the test on a developer machine without haproxy; fails it in CI, which installs it. */
    public static void requireOrSkip() {
        RealServers.requireOrSkip(Files.isExecutable(BINARY), "HAProxy is not installed (apt-get install haproxy)");
    }

    /** The global-section line that opens the stats socket this class reads, in {@code dir}. */
    public static String statsSocketLine(Path dir) {
        return "    stats socket " + dir.resolve("haproxy.sock") + " mode 600 level admin";
    }

    /** Checks a configuration file ({@code haproxy -c}); the checker's output, or an AssertionError with it. */
    public static String check(Path config) throws Exception {
        Process p = new ProcessBuilder(BINARY.toString(), "-c", "-f", config.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("haproxy -c -f " + config + " refused it:\n" + out);
        }
        return out;
    }

    /** Writes {@code config} into {@code dir} and starts haproxy on it; returns once its stats socket answers. */
    public static HaproxyServer start(Path dir, String config) throws Exception {
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);
        check(file);
        Path log = dir.resolve("haproxy.out");
        Process p = new ProcessBuilder(BINARY.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        HaproxyServer h = new HaproxyServer(p, dir.resolve("haproxy.sock"), log);
        Eventually.within(Duration.ofSeconds(30), () -> "haproxy's stats socket; its output:\n" + h.output(),
                () -> p.isAlive() && h.statsOrNull() != null);
        return h;
    }

    /**
     * A server's status as its health checks left it: "UP", "DOWN", "MAINT", or a transition such as
     * "UP 1/2" (going down) or "DOWN 1/2" (going up).
     */
    public String status(String backend, String server) throws Exception {
        String stats = statsOrNull();
        if (stats == null) {
            throw new AssertionError("haproxy's stats socket does not answer; its output:\n" + output());
        }
        List<String> lines = stats.lines().toList();
        List<String> columns = Arrays.asList(lines.get(0).replaceFirst("^# ", "").split(","));
        int px = columns.indexOf("pxname");
        int sv = columns.indexOf("svname");
        int st = columns.indexOf("status");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length > st && f[px].equals(backend) && f[sv].equals(server)) {
                return f[st];
            }
        }
        throw new AssertionError("no server " + backend + "/" + server + " in:\n" + stats);
    }

    /** {@code show stat} (CSV), or null while the socket does not answer. */
    private String statsOrNull() {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
            StringBuilder out = new StringBuilder();
            ByteBuffer buf = ByteBuffer.allocate(16_384);
            while (ch.read(buf) >= 0) {
                buf.flip();
                out.append(StandardCharsets.UTF_8.decode(buf));
                buf.clear();
            }
            return out.toString().startsWith("# ") ? out.toString() : null;
        } catch (java.io.IOException e) {
            return null; // not up yet
        }
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
