package io.rolegate.engine.session;

import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rolegate.engine.testbed.DirectoryProxies.MAPPINGS;
import static io.rolegate.engine.testbed.DirectoryProxies.directoryMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 item 6: whoever answers on the upstream address must not get a directory user's session by saying
 * AuthenticationOk before proving, with the SCRAM server signature, that it knows the managed role's password.
 * The upstream here is a scripted impostor (playing the attacker, not the database): it hands the admin connection
 * through to the real PostgreSQL, so provisioning works, and answers the managed logins itself.
 */
class UnprovenUpstreamTest {
    enum Script { OK_AT_ONCE, OK_INSTEAD_OF_SERVER_FINAL }

    static TestDirectory ldap;
    @TempDir
    static Path dataDir;
    static Impostor impostor;
    static TestProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        impostor = new Impostor();
        proxy = TestProxy.start(dataDir, c -> directoryMode(ldap, MAPPINGS, false).apply(c)
                .withUpstream(directoryMode(ldap, MAPPINGS, false).apply(c).upstream()
                        .withAddress("127.0.0.1", impostor.port())));
    }

    @AfterAll
    static void stop() throws IOException {
        proxy.close();
        impostor.close();
        ldap.close();
    }

    @Test
    void authenticationOkWithoutAnyExchangeIsRefused() {
        impostor.script = Script.OK_AT_ONCE;
        assertRefused();
    }

    @Test
    void authenticationOkInPlaceOfTheServerSignatureIsRefused() {
        impostor.script = Script.OK_INSTEAD_OF_SERVER_FINAL;
        assertRefused();
    }

    private static void assertRefused() {
        int before = impostor.managedLogins.get();
        java.util.Properties tls = io.rolegate.engine.testbed.DirectoryProxies.tls();
        tls.setProperty("socketTimeout", "10"); // an impostor that got in answers no query: fail, do not hang
        assertThatThrownBy(() -> proxy.connect("alice", TestDirectory.password("alice"), tls).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("08006");
                    assertThat(e.getMessage()).contains("\"alice\"").contains("without proving")
                            .contains("SCRAM server signature");
                });
        assertThat(impostor.managedLogins.get()).as("the impostor was asked").isGreaterThan(before);
    }

    /** The fake upstream: admin connections are piped to the real server, managed logins get the script. */
    static final class Impostor implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        final AtomicInteger managedLogins = new AtomicInteger();
        volatile Script script = Script.OK_AT_ONCE;

        Impostor() throws IOException {
            Thread t = new Thread(this::accept, "impostor-upstream");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s), "impostor-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                int length = in.readInt();
                byte[] startup = in.readNBytes(length - 4);
                String text = new String(startup, StandardCharsets.ISO_8859_1);
                if (text.contains("user\0" + TestPostgres.ADMIN_USER + "\0")) {
                    pipeToRealServer(s, length, startup);
                } else {
                    managedLogins.incrementAndGet();
                    pretend(in, s.getOutputStream());
                }
            } catch (IOException gone) {
                // the proxy hung up: what the test expects
            }
        }

        private void pretend(DataInputStream in, OutputStream out) throws IOException {
            if (script == Script.OK_INSTEAD_OF_SERVER_FINAL) {
                out.write(message('R', ByteBuffer.allocate(4 + 15).putInt(10)
                        .put("SCRAM-SHA-256\0\0".getBytes(StandardCharsets.US_ASCII)).array()));
                out.flush();
                String clientFirst = body(in);
                String nonce = clientFirst.substring(clientFirst.indexOf("r=") + 2);
                String serverFirst = "r=" + nonce + "impostor,s=" + Base64.getEncoder().encodeToString(
                        "pepper-and-salt!".getBytes(StandardCharsets.US_ASCII)) + ",i=4096";
                byte[] first = serverFirst.getBytes(StandardCharsets.US_ASCII);
                out.write(message('R', ByteBuffer.allocate(4 + first.length).putInt(11).put(first).array()));
                out.flush();
                body(in); // client-final with its proof, which the impostor cannot check and does not need to
            }
            out.write(message('R', ByteBuffer.allocate(4).putInt(0).array()));
            out.write(message('S', "server_version\u000015.0\u0000".getBytes(StandardCharsets.US_ASCII)));
            out.write(message('K', ByteBuffer.allocate(8).putInt(4242).putInt(77).array()));
            out.write(message('Z', new byte[]{'I'}));
            out.flush();
            in.readAllBytes(); // until the proxy hangs up
        }

        private static String body(DataInputStream in) throws IOException {
            in.readByte();
            int length = in.readInt();
            return new String(in.readNBytes(length - 4), StandardCharsets.ISO_8859_1);
        }

        private static byte[] message(char type, byte[] body) {
            return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
        }

        private static void pipeToRealServer(Socket client, int length, byte[] startup) throws IOException {
            TestPostgres pg = TestPostgres.get();
            try (Socket real = new Socket(pg.host(), pg.port())) {
                OutputStream toReal = real.getOutputStream();
                toReal.write(ByteBuffer.allocate(4).putInt(length).array());
                toReal.write(startup);
                toReal.flush();
                Thread back = new Thread(() -> copy(real, client), "impostor-pipe");
                back.setDaemon(true);
                back.start();
                copy(client, real);
            }
        }

        private static void copy(Socket from, Socket to) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // either side closed
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
