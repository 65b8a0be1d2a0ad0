package io.rolegate.engine.session;

import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a real driver does through the relay: binary types, batches, pipelines, COPY, NOTIFY, cancel, errors. */
@Tag("leaks")
class ProtocolFeaturesTest {
    @TempDir
    static Path dataDir;
    static TestProxy proxy;

    @BeforeAll
    static void start() {
        proxy = TestProxy.start(dataDir);
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    private static Connection binary() throws Exception {
        Properties p = new Properties();
        p.setProperty("binaryTransfer", "true");
        p.setProperty("prepareThreshold", "1");
        return proxy.connect(TestPostgres.SCRAM_USER, TestPostgres.PASSWORD, p);
    }

    @Test
    void commonTypesRoundTripInBinary() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        OffsetDateTime ts = OffsetDateTime.of(2026, 11, 24, 13, 45, 12, 123456000, ZoneOffset.UTC);
        try (Connection c = binary()) {
            for (int round = 0; round < 3; round++) { // past prepareThreshold: server-side prepared, binary
                try (PreparedStatement ps = c.prepareStatement("select ?::int4, ?::int8, ?::float8, ?::numeric,"
                        + " ?::text, ?::bytea, ?::uuid, ?::date, ?::timestamp, ?::timestamptz, ?::bool,"
                        + " ?::jsonb, ?::int4[]")) {
                    ps.setInt(1, Integer.MIN_VALUE);
                    ps.setLong(2, Long.MAX_VALUE);
                    ps.setDouble(3, Math.PI);
                    ps.setBigDecimal(4, new BigDecimal("12345678901234567890.0123456789"));
                    ps.setString(5, "héllo ✓ 𝄞");
                    ps.setBytes(6, bytes);
                    ps.setObject(7, id);
                    ps.setObject(8, LocalDate.of(1999, 12, 31));
                    ps.setObject(9, LocalDateTime.of(2000, 2, 29, 23, 59, 59));
                    ps.setObject(10, ts);
                    ps.setBoolean(11, true);
                    ps.setString(12, "{\"a\": [1, 2, {\"b\": null}]}");
                    ps.setArray(13, c.createArrayOf("int4", new Integer[]{1, null, 3}));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(Integer.MIN_VALUE);
                        assertThat(rs.getLong(2)).isEqualTo(Long.MAX_VALUE);
                        assertThat(rs.getDouble(3)).isEqualTo(Math.PI);
                        assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("12345678901234567890.0123456789");
                        assertThat(rs.getString(5)).isEqualTo("héllo ✓ 𝄞");
                        assertThat(rs.getBytes(6)).isEqualTo(bytes);
                        assertThat(rs.getObject(7)).isEqualTo(id);
                        assertThat(rs.getObject(8, LocalDate.class)).isEqualTo(LocalDate.of(1999, 12, 31));
                        assertThat(rs.getObject(9, LocalDateTime.class))
                                .isEqualTo(LocalDateTime.of(2000, 2, 29, 23, 59, 59));
                        assertThat(rs.getObject(10, OffsetDateTime.class).toInstant()).isEqualTo(ts.toInstant());
                        assertThat(rs.getBoolean(11)).isTrue();
                        assertThat(rs.getString(12)).isEqualTo("{\"a\": [1, 2, {\"b\": null}]}");
                        Array arr = rs.getArray(13);
                        assertThat((Object[]) arr.getArray()).containsExactly(1, null, 3);
                    }
                }
            }
        }
    }

    @Test
    void batchAndPipelinedExtendedProtocol() throws Exception {
        try (Connection c = binary(); Statement s = c.createStatement()) {
            s.execute("create temp table batch_t (id int primary key, v text)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into batch_t values (?, ?)")) {
                for (int i = 0; i < 5000; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "row " + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertThat(counts).hasSize(5000).containsOnly(1);
            }
            c.commit();
            // several statements in one simple Query: many results, one ReadyForQuery
            s.execute("update batch_t set v = v || '!' where id < 10; delete from batch_t where id >= 4000;"
                    + " insert into batch_t values (-1, 'x')");
            c.commit();
            try (ResultSet rs = s.executeQuery("select count(*), sum(id) from batch_t")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(4001);
                assertThat(rs.getLong(2)).isEqualTo(3999L * 4000 / 2 - 1);
            }
        }
    }

    @Test
    void errorInsideTransactionLeavesTheSessionUsable() throws Exception {
        try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("select 1");
            assertThatThrownBy(() -> s.execute("select 1/0"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22012"));
            assertThatThrownBy(() -> s.execute("select 2"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            c.rollback();
            try (ResultSet rs = s.executeQuery("select 42")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            long errors = proxy.engine().sessions().stream()
                    .filter(x -> x.backendPid() == ((PGConnection) c).getBackendPID())
                    .findFirst().orElseThrow().errors();
            assertThat(errors).isEqualTo(2);
        }
    }

    @Test
    void listenNotifyAcrossTwoSessions() throws Exception {
        try (Connection listener = proxy.connect(); Connection notifier = proxy.connect();
             Statement ls = listener.createStatement(); Statement ns = notifier.createStatement()) {
            ls.execute("LISTEN rolegate_test");
            ns.execute("NOTIFY rolegate_test, 'first'");
            ns.execute("select pg_notify('rolegate_test', 'second')");
            PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(5000);
            assertThat(got).isNotNull();
            StringBuilder payloads = new StringBuilder();
            for (PGNotification n : got) {
                payloads.append(n.getParameter()).append(',');
            }
            if (got.length < 2) {
                PGNotification[] more = listener.unwrap(PGConnection.class).getNotifications(5000);
                for (PGNotification n : more) {
                    payloads.append(n.getParameter()).append(',');
                }
            }
            assertThat(payloads.toString()).isEqualTo("first,second,");
        }
    }

    @Test
    void statementCancelStopsPgSleep() throws Exception {
        try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
            CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.execute("select pg_sleep(30)"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(20);
            cancel.get(5, TimeUnit.SECONDS);
            try (ResultSet rs = s.executeQuery("select 'still here'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
        }
    }

    @Test
    void copyInAndOutOfMoreThan100Megabytes() throws Exception {
        final int rows = 1_250_000;
        final String line = "%d\tsome padding text to make a row near a hundred bytes long, abcdefghijklmnopqrstuv\n";
        try (Connection c = proxy.connect(); Statement s = c.createStatement()) {
            s.execute("create temp table copy_t (id int, v text)");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long[] sent = {0};
            InputStream source = new InputStream() {
                private int row;
                private byte[] current = new byte[0];
                private int pos;

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (pos == current.length) {
                        if (row == rows) {
                            return -1;
                        }
                        current = String.format(line, row++).getBytes(StandardCharsets.US_ASCII);
                        pos = 0;
                    }
                    int n = Math.min(len, current.length - pos);
                    System.arraycopy(current, pos, b, off, n);
                    pos += n;
                    sent[0] += n;
                    return n;
                }
            };
            long copied = copy.copyIn("COPY copy_t FROM STDIN", source, 65536);
            assertThat(copied).isEqualTo(rows);
            assertThat(sent[0]).isGreaterThan(100L * 1024 * 1024);

            long[] received = {0};
            ByteArrayOutputStream lastLine = new ByteArrayOutputStream();
            OutputStream sink = new OutputStream() {
                @Override
                public void write(int b) {
                    received[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    received[0] += len;
                    lastLine.reset();
                    lastLine.write(b, off, len);
                }
            };
            long out = copy.copyOut("COPY (select * from copy_t order by id) TO STDOUT", sink);
            assertThat(out).isEqualTo(rows);
            assertThat(received[0]).isEqualTo(sent[0]);
            assertThat(lastLine.toString(StandardCharsets.US_ASCII)).startsWith(String.valueOf(rows - 1));
        }
    }
}
