package io.rolegate.engine.faults;

import io.rolegate.engine.config.KeepaliveConfig;
import io.rolegate.engine.config.UpstreamHost;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 item 3, with a peer that really vanishes: the far end of a connection sits in a network namespace behind
 * a veth pair, and the link is cut ({@code ip link set ... down}) — no FIN, no RST, the peer simply stops answering,
 * as a laptop that sleeps or a host that loses power. With {@code limits.keepalive} set, the proxy's TCP keepalive
 * finds the dead client of an idle session and ends it; on the server hop, a session waiting for a query's answer
 * through the cut link ends with 08006 for its client instead of hanging. Needs root for {@code ip netns} (skipped
 * otherwise, like the other tests that need the machine's parts).
 */
@Tag("faults")
class HalfOpenPeerTest {
    /** Probes after 1 s idle, every 1 s, three missed: a dead peer is found within a few seconds. */
    private static final KeepaliveConfig QUICK = new KeepaliveConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 3,
            Duration.ofSeconds(4));

    @TempDir
    Path dataDir;
    private String ns;
    private String rootSide;
    private String rootAddress;
    private String peerAddress;
    private final List<Process> processes = new ArrayList<>();
    private TestProxy proxy;

    @BeforeEach
    void link() throws Exception {
        int n = ThreadLocalRandom.current().nextInt(1, 250);
        ns = "rg-half-" + n;
        rootSide = "rgh" + n + "a";
        rootAddress = "10.213." + n + ".1";
        peerAddress = "10.213." + n + ".2";
        Assumptions.assumeTrue(run(List.of("ip", "netns", "add", ns)) == 0, "ip netns needs root");
        must("ip", "link", "add", rootSide, "type", "veth", "peer", "name", "rgh" + n + "b");
        must("ip", "link", "set", "rgh" + n + "b", "netns", ns);
        must("ip", "addr", "add", rootAddress + "/30", "dev", rootSide);
        must("ip", "link", "set", rootSide, "up");
        must("ip", "netns", "exec", ns, "ip", "addr", "add", peerAddress + "/30", "dev", "rgh" + n + "b");
        must("ip", "netns", "exec", ns, "ip", "link", "set", "rgh" + n + "b", "up");
        must("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    }

    @AfterEach
    void unlink() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        processes.forEach(Process::destroyForcibly);
        if (ns != null) {
            run(List.of("ip", "link", "del", rootSide));
            run(List.of("ip", "netns", "del", ns));
        }
    }

    @Test
    void anIdleSessionWhoseClientVanishedIsFoundAndEnded() throws Exception {
        proxy = TestProxy.start(dataDir, c -> c.withListen(new io.rolegate.engine.config.ListenConfig(rootAddress, 0,
                        c.listen().tls(), c.listen().allowCleartextOnLoopback()))
                .withLimits(c.limits().withKeepalive(QUICK)));
        // psql in the namespace logs in, runs one query, then sits idle on an open connection (stdin stays open)
        processes.add(start("ip", "netns", "exec", ns, "sh", "-c", "(echo 'select 1;'; sleep 600) | psql -X -q"
                + " 'host=" + rootAddress + " port=" + proxy.port() + " user=" + TestPostgres.SUPERUSER
                + " dbname=" + TestPostgres.DATABASE + " sslmode=disable'"));
        Eventually.within(Duration.ofSeconds(30), "psql's session is relaying",
                () -> proxy.engine().sessions().stream().anyMatch(s -> s.clientAddress().startsWith(peerAddress)));

        must("ip", "link", "set", rootSide, "down"); // the client is gone without a word

        Eventually.within(Duration.ofSeconds(60), "keepalive finds the vanished client and the session ends",
                () -> proxy.engine().sessions().isEmpty());
    }

    @Test
    void aQueryWaitingOnAServerBehindACutLinkEndsWith08006() throws Exception {
        int pg = TestPostgres.get().port();
        int middle = freePort();
        int far = freePort();
        // proxy -> peerAddress:far (namespace) -> rootAddress:middle (root) -> 127.0.0.1:pg; the cut is between them
        processes.add(start("python3", "-c", FORWARDER, rootAddress, Integer.toString(middle), "127.0.0.1",
                Integer.toString(pg)));
        awaitListening(rootAddress, middle);
        processes.add(start("ip", "netns", "exec", ns, "python3", "-c", FORWARDER, peerAddress,
                Integer.toString(far), rootAddress, Integer.toString(middle)));
        awaitListening(peerAddress, far);
        proxy = TestProxy.start(dataDir, c -> c.withUpstream(c.upstream().withHosts(
                List.of(new UpstreamHost(peerAddress, far)), c.upstream().targetSessionAttrs()))
                .withLimits(c.limits().withKeepalive(QUICK)));
        try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
            assertThat(proxy.engine().sessions()).hasSize(1);
            CompletableFuture<SQLException> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    s.execute("select pg_sleep(600)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Eventually.within(Duration.ofSeconds(20), "the sleep runs on the server", () -> "1".equals(sleeping()));

            must("ip", "link", "set", rootSide, "down"); // the server's side is gone without a word

            SQLException ended;
            try {
                ended = waiting.get(90, TimeUnit.SECONDS);
            } catch (CompletionException e) {
                throw new AssertionError(e);
            }
            assertThat((Object) ended).as("the client is told, not left waiting").isNotNull();
            assertThat(ended.getSQLState()).as(ended.getMessage()).isEqualTo("08006");
            Eventually.within(Duration.ofSeconds(20), "the session is gone", () -> proxy.engine().sessions()
                    .isEmpty());
        }
    }

    private static String sleeping() throws SQLException {
        try (Connection su = TestPostgres.get().superuser(); Statement st = su.createStatement();
             var rs = st.executeQuery("select count(*) from pg_stat_activity where query = 'select pg_sleep(600)'"
                     + " and state = 'active'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A plain TCP forwarder: listen host port, forward each connection to host port. */
    private static final String FORWARDER = String.join("\n",
            "import socket, sys, threading",
            "lh, lp, th, tp = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])",
            "def pump(a, b):",
            "    try:",
            "        while True:",
            "            d = a.recv(65536)",
            "            if not d: break",
            "            b.sendall(d)",
            "    except OSError: pass",
            "    for s in (a, b):",
            "        try: s.shutdown(socket.SHUT_RDWR)",
            "        except OSError: pass",
            "srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "srv.bind((lh, lp)); srv.listen(16)",
            "while True:",
            "    c, _ = srv.accept()",
            "    try: u = socket.create_connection((th, tp))",
            "    except OSError: c.close(); continue",
            "    threading.Thread(target=pump, args=(c, u), daemon=True).start()",
            "    threading.Thread(target=pump, args=(u, c), daemon=True).start()");

    private void awaitListening(String host, int port) throws Exception {
        Eventually.within(Duration.ofSeconds(20), "the forwarder listens on " + host + ":" + port, () -> {
            try (var s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(host, port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process start(String... command) throws IOException {
        // never inheritIO: the test JVM's stdin and stdout are surefire's channel to Maven
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void must(String... command) throws Exception {
        int rc = run(List.of(command));
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + rc);
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish: " + said);
        }
        return p.exitValue();
    }
}
