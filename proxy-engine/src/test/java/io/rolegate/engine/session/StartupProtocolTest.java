package io.rolegate.engine.session;

import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.ListenTlsConfig;
import io.rolegate.engine.config.ListenTlsMode;
import io.rolegate.engine.protocol.StartupCodes;
import io.rolegate.engine.testbed.RawClient;
import io.rolegate.engine.testbed.RawClient.Message;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the proxy answers, byte by byte, to each kind of first packet. */
@Tag("leaks")
class StartupProtocolTest {
    @TempDir
    static Path dataDir;
    static TestProxy plain;
    static TestProxy tls;

    @BeforeAll
    static void start() {
        plain = TestProxy.start(dataDir.resolve("plain"));
        tls = TestProxy.start(dataDir.resolve("tls"), c -> c.withListen(ListenConfig.defaults().withPort(0)
                .withTls(new ListenTlsConfig(ListenTlsMode.OPTIONAL, null, null, true))));
    }

    @AfterAll
    static void stop() {
        plain.close();
        tls.close();
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Logs in as the cleartext user with the raw protocol and returns the messages up to ReadyForQuery. */
    private static StringBuilder loginAfter(RawClient c) throws Exception {
        Message auth = c.read();
        assertThat(auth.type()).isEqualTo('R');
        assertThat(auth.intAt(0)).as("cleartext password request").isEqualTo(3);
        c.send(RawClient.typed('p', RawClient.cString(TestPostgres.PASSWORD)));
        StringBuilder types = new StringBuilder();
        Message m;
        do {
            m = c.read();
            types.append(m.type());
        } while (m.type() != 'Z' && m.type() != 'E');
        return types;
    }

    @Test
    void gssEncRequestIsDeclinedAndTheClientGoesOn() throws Exception {
        try (RawClient c = new RawClient(plain.port())) {
            c.sendInts(8, StartupCodes.GSSENC_REQUEST);
            assertThat(c.readByte()).isEqualTo('N');
            c.sendInts(8, StartupCodes.SSL_REQUEST);
            assertThat(c.readByte()).as("TLS off: SSLRequest declined too").isEqualTo('N');
            c.send(RawClient.startup(StartupCodes.PROTOCOL_3_0, params("user", TestPostgres.CLEARTEXT_USER,
                    "database", TestPostgres.DATABASE)));
            assertThat(loginAfter(c).toString()).startsWith("R").contains("K").endsWith("Z");
        }
    }

    @Test
    void newerMinorVersionAndUnknownOptionsAreNegotiatedDown() throws Exception {
        try (RawClient c = new RawClient(plain.port())) {
            c.send(RawClient.startup((3 << 16) | 2, params("user", TestPostgres.CLEARTEXT_USER,
                    "database", TestPostgres.DATABASE, "_pq_.future_feature", "on")));
            Message v = c.read();
            assertThat(v.type()).isEqualTo('v');
            assertThat(v.intAt(0)).as("newest supported version").isEqualTo(3 << 16);
            assertThat(v.intAt(4)).as("one option not recognised").isEqualTo(1);
            assertThat(v.text()).contains("_pq_.future_feature");
            assertThat(loginAfter(c).toString()).endsWith("Z");
        }
    }

    @Test
    void backendKeyDataKeepsThePidButNotTheKey() throws Exception {
        try (RawClient c = new RawClient(plain.port())) {
            c.send(RawClient.startup(StartupCodes.PROTOCOL_3_0, params("user", TestPostgres.CLEARTEXT_USER,
                    "database", TestPostgres.DATABASE)));
            c.read();
            c.send(RawClient.typed('p', RawClient.cString(TestPostgres.PASSWORD)));
            Message m;
            Message keyData = null;
            do {
                m = c.read();
                if (m.type() == 'K') {
                    keyData = m;
                }
            } while (m.type() != 'Z');
            assertThat(keyData).isNotNull();
            int pid = keyData.intAt(0);
            assertThat(plain.engine().sessions()).anySatisfy(s -> assertThat(s.backendPid()).isEqualTo(pid));
        }
    }

    @Test
    void oversizedStartupPacketIsAProtocolViolation() throws Exception {
        try (RawClient c = new RawClient(plain.port())) {
            c.sendInts(1_000_000, StartupCodes.PROTOCOL_3_0);
            Message e = c.read();
            assertThat(e.type()).isEqualTo('E');
            assertThat(e.field('C')).isEqualTo("08P01");
            assertThat(e.field('M')).contains("invalid startup packet length 1000000");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void missingUserIs28000() throws Exception {
        try (RawClient c = new RawClient(plain.port())) {
            c.send(RawClient.startup(StartupCodes.PROTOCOL_3_0, params("database", "x")));
            Message e = c.read();
            assertThat(e.field('C')).isEqualTo("28000");
            assertThat(e.field('S')).isEqualTo("FATAL");
        }
    }

    @Test
    void replicationIsRefusedClearly() throws Exception {
        try (RawClient c = new RawClient(plain.port())) {
            c.send(RawClient.startup(StartupCodes.PROTOCOL_3_0, params("user", "x", "replication", "true")));
            Message e = c.read();
            assertThat(e.field('C')).isEqualTo("0A000");
            assertThat(e.field('M')).contains("replication");
        }
    }

    @Test
    void oldProtocolIsRefused() throws Exception {
        try (RawClient c = new RawClient(plain.port())) {
            c.send(RawClient.startup(2 << 16, params("user", "x")));
            Message e = c.read();
            assertThat(e.field('C')).isEqualTo("08P01");
            assertThat(e.field('M')).contains("protocol 2.0");
        }
    }

    @Test
    void plaintextPipelinedAfterSslRequestIsRejected() throws Exception {
        try (RawClient c = new RawClient(tls.port())) {
            byte[] ssl = {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f};
            byte[] both = new byte[ssl.length + 8];
            System.arraycopy(ssl, 0, both, 0, ssl.length);
            both[ssl.length + 3] = 8; // the start of something else, sent before any handshake
            c.send(both);
            Message e = c.read();
            assertThat(e.field('C')).isEqualTo("08P01");
            assertThat(e.field('M')).contains("unencrypted bytes received after SSLRequest");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void cancelRequestWithAWrongKeyDoesNothingAndCloses() throws Exception {
        try (RawClient c = new RawClient(plain.port())) {
            c.sendInts(16, StartupCodes.CANCEL_REQUEST, 12345, 67890);
            assertThat(c.closedByPeer()).isTrue();
        }
        assertThat(plain.engine().state().name()).isEqualTo("RUNNING");
    }

    @Test
    void garbageFirstBytesCloseTheConnectionOnly() throws Exception {
        try (RawClient c = new RawClient(plain.port())) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            Message e = c.read();
            assertThat(e.field('C')).isEqualTo("08P01");
            assertThat(c.closedByPeer()).isTrue();
        }
        try (var ok = plain.connect()) {
            assertThat(ok.isValid(2)).isTrue();
        }
    }
}
