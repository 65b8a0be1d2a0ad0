package io.rolegate.engine.session;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.PlatformDependent;
import io.rolegate.engine.api.model.EngineMetrics;
import io.rolegate.engine.config.KeepaliveConfig;
import io.rolegate.engine.protocol.StartupCodes;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.rolegate.engine.testbed.RawClient.cString;
import static io.rolegate.engine.testbed.RawClient.startup;
import static io.rolegate.engine.testbed.RawClient.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A client that asks for a ~1 GB result and then reads nothing must not make the proxy hold the result: the relay
 * stops reading the server while the client's channel is over its high water mark, so what waits inside the proxy
 * stays under the mark plus one read, the server is left waiting on its socket, and once the client reads again
 * every row arrives.
 */
@Tag("faults")
class SlowReaderTest {
    /** Rows of 1,000 characters: 1,000,000 of them make about 1 GB of DataRow messages. */
    private static final int ROWS = 1_000_000;
    private static final String QUERY = "select repeat('x', 1000) from generate_series(1, " + ROWS + ")";
    /** How long the client reads nothing: the 30 s; the bound below is checked at every sample. */
    private static final Duration HOLD = Duration.ofSeconds(30);
    /** The client's outbound buffer's high water mark plus one read (64 KiB), with room for the server's side. */
    private static final long BUFFER_BOUND = UpstreamConnector.WATER_MARK.high() + 2L * 64 * 1024;
    /** Pooled direct memory and heap may grow by this much while 1 GB is held back (a pool chunk or a few). */
    private static final long MEMORY_BOUND = 64L << 20;
    /** What the proxy may relay in all while the client reads nothing: socket buffers on both hops, not 1 GB. */
    private static final long RELAYED_WHILE_STALLED_BOUND = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void aClientThatStopsReadingABigResultHoldsTheServerNotTheProxysMemory() throws Exception {
        // Keepalive far shorter than the hold: keepalive probes only an idle connection, so a reader that is slow
        // but alive is not taken for a dead peer (TCP_USER_TIMEOUT would be: see the next test).
        KeepaliveConfig impatient = new KeepaliveConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 2,
                Duration.ZERO);
        try (TestProxy proxy = TestProxy.start(dir, c -> c.withLimits(c.limits().withKeepalive(impatient)));
             Socket socket = new Socket()) {
            DataOutputStream out = connectAndLogIn(socket, proxy);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));

            long memoryBefore = memoryInUse();
            long relayedBefore = proxy.engine().metrics().bytesOut();
            out.write(typed('Q', cString(QUERY)));
            out.flush();

            // Reads nothing. The result fills the proxy's buffer towards the client, then the proxy stops reading
            // the server: the bytes it relays stop growing long before 1 GB.
            long maxBuffered = 0;
            long deadline = System.nanoTime() + HOLD.toNanos();
            while (System.nanoTime() < deadline) {
                EngineMetrics m = proxy.engine().metrics();
                maxBuffered = Math.max(maxBuffered, m.bufferedBytes());
                assertThat(m.bufferedBytes()).as("bytes waiting inside the proxy").isLessThanOrEqualTo(BUFFER_BOUND);
                Thread.sleep(50);
            }
            long relayedWhileStalled = proxy.engine().metrics().bytesOut() - relayedBefore;
            assertThat(maxBuffered).as("the result did reach the proxy").isPositive();
            assertThat(relayedWhileStalled).as("bytes relayed while the client read nothing")
                    .isLessThan(RELAYED_WHILE_STALLED_BOUND);
            long memoryGrowth = memoryInUse() - memoryBefore;
            assertThat(memoryGrowth).as("heap and direct memory growth while 1 GB was held back")
                    .isLessThan(MEMORY_BOUND);

            System.out.printf("slow reader: at most %d bytes buffered in the proxy, %d relayed while stalled,"
                    + " memory grew by %d bytes%n", maxBuffered, relayedWhileStalled, memoryGrowth);
            // Reads again: every row, then the command's end.
            // PARANOID leak tracking records a stack trace at every buffer access: 1 GB of small rows would take
            // minutes. The stall above ran under PARANOID; the drain samples like production.
            ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
            long t0 = System.nanoTime();
            try {
                ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
                assertThat(readResult(in)).isEqualTo(ROWS);
            } finally {
                ResourceLeakDetector.setLevel(level);
            }
            System.out.printf("slow reader: read the rest in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(proxy.engine().metrics().bytesOut() - relayedBefore).isGreaterThan((long) ROWS * 1000);
            Eventually.within(Duration.ofSeconds(10), "the buffers drained", () ->
                    proxy.engine().metrics().bufferedBytes() == 0);
        }
    }

    /**
     * With {@code limits.keepalive.userTimeout} set, a client that keeps its window shut for longer is dropped, as a
     * peer that stopped acknowledging would be: the session ends and its server connection closes.
     */
    @Test
    void aUserTimeoutDropsAClientThatStaysStalledLongerThanIt() throws Exception {
        KeepaliveConfig userTimeout = KeepaliveConfig.defaults().withUserTimeout(Duration.ofSeconds(1));
        try (TestProxy proxy = TestProxy.start(dir, c -> c.withLimits(c.limits().withKeepalive(userTimeout)));
             Socket socket = new Socket()) {
            assumeTrue(Transport.best().name().equals("epoll"), "TCP_USER_TIMEOUT needs the native transport");
            DataOutputStream out = connectAndLogIn(socket, proxy);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            out.write(typed('Q', cString(QUERY)));
            out.flush();
            Eventually.within(Duration.ofSeconds(60), "the stalled client's session ended",
                    () -> proxy.engine().metrics().sessionsOpen() == 0);
            assertThatThrownBy(() -> readResult(in)).isInstanceOfAny(IOException.class, AssertionError.class);
        }
    }

    /** Connects with a small receive buffer (the client's kernel holds little) and logs in; the client's output. */
    private static DataOutputStream connectAndLogIn(Socket socket, TestProxy proxy) throws IOException {
        socket.setReceiveBufferSize(64 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 10_000);
        socket.setSoTimeout(60_000);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        logIn(new DataInputStream(socket.getInputStream()), out);
        return out;
    }

    private static void logIn(DataInputStream in, DataOutputStream out) throws IOException {
        out.write(startup(StartupCodes.PROTOCOL_3_0, Map.of("user", TestPostgres.CLEARTEXT_USER,
                "database", TestPostgres.DATABASE)));
        out.flush();
        assertThat((char) in.readUnsignedByte()).isEqualTo('R');
        in.skipNBytes(in.readInt() - 4);
        out.write(typed('p', cString(TestPostgres.PASSWORD)));
        out.flush();
        char type;
        do {
            type = (char) in.readUnsignedByte();
            int len = in.readInt();
            assertThat(type).as("no error while logging in").isNotEqualTo('E');
            in.skipNBytes(len - 4);
        } while (type != 'Z');
    }

    /** Counts DataRows up to ReadyForQuery, checking each row's size and the CommandComplete tag. */
    private static int readResult(DataInputStream in) throws IOException {
        int rows = 0;
        String tag = null;
        while (true) {
            char type = (char) in.readUnsignedByte();
            int len = in.readInt();
            switch (type) {
                case 'D' -> {
                    assertThat(len).isEqualTo(4 + 2 + 4 + 1000);
                    in.skipNBytes(len - 4);
                    rows++;
                }
                case 'C' -> {
                    byte[] body = in.readNBytes(len - 4);
                    tag = new String(body, 0, body.length - 1, StandardCharsets.UTF_8);
                }
                case 'E' -> throw new AssertionError("error instead of rows: "
                        + new String(in.readNBytes(len - 4), StandardCharsets.UTF_8));
                case 'Z' -> {
                    in.skipNBytes(len - 4);
                    assertThat(tag).isEqualTo("SELECT " + ROWS);
                    return rows;
                }
                default -> in.skipNBytes(len - 4);
            }
        }
    }

    /** Heap after a collection plus Netty's direct memory: what a proxy that buffered the result would grow. */
    private static long memoryInUse() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory() + Math.max(0, PlatformDependent.usedDirectMemory());
    }
}
