package io.rolegate.engine.session;

import io.rolegate.engine.api.model.PendingMetrics;
import io.rolegate.engine.config.AdminConfig;
import io.rolegate.engine.config.LimitsConfig;
import io.rolegate.engine.protocol.SqlState;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.RawClient;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client address that opens thousands of connections and never sends a startup packet takes its own
 * {@code limits.maxPendingPerSource} slots, not everyone's: another address (127.0.0.2 — Linux routes all of 127/8
 * to loopback) still logs in with pgjdbc, and the flooding address is told 53300 at once.
 */
@Tag("faults")
class ClientFloodTest {
    private static final int FLOOD = 2_000;
    private static final String FLOODER = "127.0.0.1";
    private static final String OTHER = "127.0.0.2";

    @TempDir
    Path dir;

    @Test
    void aSilentFloodFromOneAddressLeavesOtherAddressesAbleToLogIn() throws Exception {
        int cap = LimitsConfig.DEFAULT_MAX_PENDING_PER_SOURCE;
        List<Socket> flood = new ArrayList<>();
        try (TestProxy proxy = TestProxy.start(dir, c -> c.withAdmin(AdminConfig.loopback(0))
                .withLimits(c.limits().withStartupTimeout(Duration.ofMinutes(2))))) {
            Pending pending = new Pending(proxy);
            openSilently(flood, FLOOD, proxy.port());
                        Eventually.within(Duration.ofSeconds(30), () -> "pending from the flooder: " + pending.from(FLOODER)
                            + ", refused: " + pending.refusals("pending_per_source"),
                    () -> pending.from(FLOODER) == cap
                            && pending.refusals("pending_per_source") >= FLOOD - cap);

            try (Connection c = pgjdbcFrom(proxy, OTHER); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select inet_client_addr() is not null, 42")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(2)).isEqualTo(42);
            }

            assertThatThrownBy(() -> pgjdbcFrom(proxy, FLOODER).close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo(SqlState.TOO_MANY_CONNECTIONS);
                        assertThat(e.getMessage()).contains("too many pending connections from 127.0.0.1");
                    });
            try (RawClient refused = RawClient.from(FLOODER, proxy.port())) {
                RawClient.Message error = refused.read();
                assertThat(error.type()).isEqualTo('E');
                assertThat(error.field('C')).isEqualTo(SqlState.TOO_MANY_CONNECTIONS);
                assertThat(error.field('S')).isEqualTo("FATAL");
                assertThat(refused.closedByPeer()).isTrue();
            }

            String metrics = scrape(proxy);
            assertThat(metrics).contains("rolegate_client_connections_pending " + cap,
                    "rolegate_client_connections_pending_by_source{source=\"127.0.0.1\"} " + cap);
            assertThat(metrics).containsPattern(
                    "rolegate_client_connections_refused_total\\{reason=\"pending_per_source\"} (\\d{4,})");

            closeAll(flood);
            Eventually.within(Duration.ofSeconds(30), () -> "pending after the flood left: " + pending.total(),
                    () -> pending.total() == 0);
            assertLogsInFrom(proxy, FLOODER);
        } finally {
            closeAll(flood);
        }
    }

    @Test
    void theStartupTimeoutFreesTheSlotsOfConnectionsThatNeverSpeak() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try (TestProxy proxy = TestProxy.start(dir, c -> c.withLimits(c.limits().withMaxPendingPerSource(5)
                .withStartupTimeout(Duration.ofMillis(500))))) {
            Pending pending = new Pending(proxy);
            openSilently(silent, 5, proxy.port());
            Eventually.within(Duration.ofSeconds(10), "five connections logging in", () -> pending.total() == 5
                    || pending.refusals("startup_timeout") > 0);
            // Each silent connection is ended by the startup timeout with 08006, and its slot is free again.
            for (Socket s : silent) {
                s.setSoTimeout(10_000);
                RawClient.Message m = readMessage(s);
                assertThat(m.type()).isEqualTo('E');
                assertThat(m.field('C')).isEqualTo(SqlState.CONNECTION_FAILURE);
                assertThat(m.field('M')).contains("startup did not finish");
            }
            Eventually.within(Duration.ofSeconds(10), "the slots are free", () -> pending.total() == 0);
            assertThat(pending.refusals("startup_timeout")).isGreaterThanOrEqualTo(5);
            // The address may log in again: a new connection takes a slot instead of a refusal. (Not a pgjdbc
            // login: on a loaded machine it could take longer than this test's half-second startup timeout.)
            long refusedBefore = pending.refusals("pending_per_source");
            openSilently(silent, 1, proxy.port());
            Eventually.within(Duration.ofSeconds(10), "a slot taken again", () -> pending.from(FLOODER) == 1
                    || pending.refusals("startup_timeout") >= 6);
            assertThat(pending.refusals("pending_per_source")).isEqualTo(refusedBefore);
        } finally {
            closeAll(silent);
        }
    }

    @Test
    void zeroTurnsTheLimitOff() throws Exception {
        List<Socket> many = new ArrayList<>();
        try (TestProxy proxy = TestProxy.start(dir, c -> c.withLimits(c.limits().withMaxPendingPerSource(0)
                .withStartupTimeout(Duration.ofMinutes(1))))) {
            Pending pending = new Pending(proxy);
            openSilently(many, 50, proxy.port());
            Eventually.within(Duration.ofSeconds(10), "fifty connections logging in", () -> pending.total() == 50);
            assertThat(pending.refusals("pending_per_source")).isZero();
        } finally {
            closeAll(many);
        }
    }

    /** What /metrics shows of connections logging in, read through the engine's API. */
    private record Pending(TestProxy proxy) {
        PendingMetrics now() {
            return proxy.engine().loginMetrics().pending();
        }

        int total() {
            return now().total();
        }

        int from(String address) {
            return now().topSources().stream().filter(s -> s.address().equals(address))
                    .mapToInt(PendingMetrics.Source::pending).sum();
        }

        long refusals(String reason) {
            return now().refusals().getOrDefault(reason, 0L);
        }
    }

    /** Opens {@code n} connections from the flooding address that never send a byte, into {@code into}. */
    private static void openSilently(List<Socket> into, int n, int port) throws IOException {
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            into.add(s);
            s.bind(new InetSocketAddress(FLOODER, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        }
    }

    private static void assertLogsInFrom(TestProxy proxy, String address) throws Exception {
        try (Connection c = pgjdbcFrom(proxy, address); Statement st = c.createStatement()) {
            assertThat(st.execute("select 1")).isTrue();
        }
    }

    private static RawClient.Message readMessage(Socket s) throws IOException {
        var in = new java.io.DataInputStream(s.getInputStream());
        char type = (char) in.readUnsignedByte();
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        return new RawClient.Message(type, body);
    }

    private static Connection pgjdbcFrom(TestProxy proxy, String localAddress) throws Exception {
        Properties p = new Properties();
        p.setProperty("localSocketAddress", localAddress);
        return proxy.connect(TestPostgres.SCRAM_USER, TestPostgres.PASSWORD, p);
    }

    private static String scrape(TestProxy proxy) throws Exception {
        int port = proxy.engine().adminAddress().orElseThrow().getPort();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
