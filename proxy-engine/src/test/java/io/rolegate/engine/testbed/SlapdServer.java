package io.rolegate.engine.testbed;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFReader;
import io.rolegate.engine.directory.DirectoryFlavour;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.api.model.Secret;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A real OpenLDAP slapd for tests: generated config (syncprov, memberof, ppolicy) and mdb database in a temp dir,
 * listening on 127.0.0.1 and a free port, in the foreground as a child process. {@link #stop()} and
 * {@link #start()} again keep the port and the data, for reconnect tests. Needs Debian's {@code slapd} package.
 */
public final class SlapdServer implements AutoCloseable {
    public static final Path SLAPD = Path.of("/usr/sbin/slapd");
    public static final String BASE = "dc=example,dc=org";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String GROUPS = "ou=groups," + BASE;
    public static final String ROOT_DN = "cn=admin," + BASE;
    private static final String ROOT_PASSWORD = "admin-pw";
    private static final Duration START_WAIT = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private Process process;

    private SlapdServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(SLAPD) && Files.exists(Path.of("/usr/lib/ldap/syncprov.so"));
    }

    /** A fresh server with the skeleton of {@code slapd/base.ldif} loaded. */
    public static SlapdServer create() throws Exception {
        Path dir = Files.createTempDirectory("rolegate-slapd");
        Files.createDirectories(dir.resolve("db"));
        int port = TestDirectory.closedPort();
        String config = resource("slapd/slapd.conf.template").replace("@DIR@", dir.toString())
                .replace("@PORT@", Integer.toString(port)).replace("@ROOTPW@", ROOT_PASSWORD);
        Files.writeString(dir.resolve("slapd.conf"), config);
        SlapdServer server = new SlapdServer(dir, port);
        server.start();
        try (LDAPConnection admin = server.admin();
             LDIFReader reader = new LDIFReader(new java.io.ByteArrayInputStream(
                     resource("slapd/base.ldif").getBytes(StandardCharsets.UTF_8)))) {
            for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
                admin.add(entry);
            }
        }
        return server;
    }

    public void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        process = ChildServer.start("slapd", List.of(SLAPD.toString(), "-d", "0", "-h",
                "ldap://127.0.0.1:" + port + "/", "-f", dir.resolve("slapd.conf").toString()),
                dir.resolve("slapd.log"), port, START_WAIT);
    }

    /** Stops slapd (SIGTERM, then SIGKILL after 10 s); the data stays for the next {@link #start()}. */
    public void stop() throws InterruptedException {
        ChildServer.stop(process);
        process = null;
    }

    /**
     * Freezes slapd with SIGSTOP: the kernel still accepts connections into its backlog and acknowledges bytes,
     * but nothing answers, which is how a hung directory looks to a client (unlike {@link #stop()}'s refused port).
     */
    public void pause() throws Exception {
        Signals.send(process, "-STOP", "slapd");
    }

    /** Lets a {@link #pause() paused} slapd run on (SIGCONT); what it queued meanwhile is answered then. */
    public void resume() throws Exception {
        Signals.send(process, "-CONT", "slapd");
    }

    /** {@link #stop()} then {@link #start()}: same port, same data, every client connection cut. */
    public void restart() throws Exception {
        resume(); // a paused slapd ignores SIGTERM until it runs again
        stop();
        start();
    }

    /**
     * TCP connections in this machine's network namespace whose far end is this slapd and that are established:
     * the client ends of every connection any process here holds to it, read from /proc/net/tcp.
     */
    public int clientConnections() throws IOException {
        int count = 0;
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st ...; addresses are HEXIP:HEXPORT, state 01 is ESTABLISHED
                if (f.length > 3 && f[2].contains(":") && "01".equals(f[3])
                        && Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16) == port) {
                    count++;
                }
            }
        }
        return count;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** A connection bound as the rootdn, for the test's writes. */
    public LDAPConnection admin() throws LDAPException {
        LDAPConnection connection = new LDAPConnection("127.0.0.1", port);
        connection.bind(ROOT_DN, ROOT_PASSWORD);
        return connection;
    }

    public DirectorySettings settings() {
        return DirectorySettings.builder(DirectoryFlavour.OPENLDAP)
                .urls(url())
                .bind("cn=rolegate,ou=service," + BASE, Secret.of("service-pw"))
                .userBase(PEOPLE)
                .groupBase(GROUPS)
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(5))
                .build();
    }

    public String log() {
        return ChildServer.read(dir.resolve("slapd.log"), "slapd");
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

    private static String resource(String name) throws IOException {
        try (InputStream in = SlapdServer.class.getClassLoader().getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
