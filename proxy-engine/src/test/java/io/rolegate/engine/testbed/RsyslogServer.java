package io.rolegate.engine.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real rsyslogd from Debian for tests: its own configuration in a temp dir, imtcp on 127.0.0.1 and a free port
 * (plain TCP, or TLS through the OpenSSL driver with the given certificate), each message's MSG part written by
 * omfile to a file the test reads back. Runs in the foreground as a child process; {@link #stop()} and
 * {@link #start()} keep port and output. Needs the {@code rsyslog} package, and {@code rsyslog-openssl} for TLS.
 */
public final class RsyslogServer implements AutoCloseable {
    public static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    private static final Path OSSL_DRIVER = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_ossl.so");
    private static final Duration START_WAIT = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private Process process;

    private RsyslogServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(RSYSLOGD);
    }

    public static boolean tlsInstalled() {
        return installed() && Files.exists(OSSL_DRIVER);
    }

    /** Plain TCP, octet-counted or LF-framed (imtcp accepts both). */
    public static RsyslogServer tcp() throws Exception {
        return create(null);
    }

    /** TLS (RFC 5425) with {@code server}'s certificate and key; clients are not asked for one. */
    public static RsyslogServer tls(TestCertificates.PemSet server) throws Exception {
        return create(server);
    }

    private static RsyslogServer create(TestCertificates.PemSet tls) throws Exception {
        Path dir = Files.createTempDirectory("rolegate-rsyslog");
        Files.createDirectories(dir.resolve("work"));
        int port = TestDirectory.closedPort();
        StringBuilder conf = new StringBuilder();
        // events carry details up to 32 000 characters: the 8 KiB default would cut them
        conf.append("global(workDirectory=\"").append(dir.resolve("work")).append("\" maxMessageSize=\"64k\"");
        if (tls != null) {
            conf.append(" defaultNetstreamDriver=\"ossl\" defaultNetstreamDriverCAFile=\"").append(tls.ca())
                    .append("\" defaultNetstreamDriverCertFile=\"").append(tls.certificate())
                    .append("\" defaultNetstreamDriverKeyFile=\"").append(tls.key()).append('"');
        }
        conf.append(")\n");
        conf.append(tls == null ? "module(load=\"imtcp\")\n"
                : "module(load=\"imtcp\" streamDriver.name=\"ossl\" streamDriver.mode=\"1\""
                        + " streamDriver.authMode=\"anon\")\n");
        conf.append("input(type=\"imtcp\" address=\"127.0.0.1\" port=\"").append(port).append("\")\n");
        conf.append("template(name=\"msgOnly\" type=\"string\" string=\"%msg%\\n\")\n");
        conf.append("action(type=\"omfile\" file=\"").append(dir.resolve("received.log"))
                .append("\" template=\"msgOnly\")\n");
        Files.writeString(dir.resolve("rsyslog.conf"), conf);
        RsyslogServer server = new RsyslogServer(dir, port);
        server.start();
        return server;
    }

    public void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        process = ChildServer.start("rsyslogd", List.of(RSYSLOGD.toString(), "-n", "-f",
                dir.resolve("rsyslog.conf").toString(), "-i", dir.resolve("rsyslogd.pid").toString()),
                dir.resolve("rsyslogd.log"), port, START_WAIT);
    }

    /** Stops rsyslogd (SIGTERM, then SIGKILL after 10 s); it writes out what it received first. */
    public void stop() throws InterruptedException {
        ChildServer.stop(process);
        process = null;
    }

    public int port() {
        return port;
    }

    /** The MSG part of every message received so far, one per line, in arrival order. */
    public List<String> received() throws IOException {
        Path file = dir.resolve("received.log");
        return Files.exists(file) ? Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty()).toList() : List.of();
    }

    public String log() {
        return ChildServer.read(dir.resolve("rsyslogd.log"), "rsyslogd");
    }

    @Override
    public void close() throws Exception {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
