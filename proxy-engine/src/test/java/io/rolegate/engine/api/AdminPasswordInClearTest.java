package io.rolegate.engine.api;

import io.rolegate.engine.config.UpstreamAdminConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.provisioning.AdminDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 13 item 6: a server that answers on the upstream address and asks the provisioning role for its password
 * in clear, without TLS, does not get it. The server here is a scripted impostor (it plays the attacker, not the
 * database): it answers 'N' to SSLRequest, asks for a cleartext or md5 password and records every byte it gets.
 */
class AdminPasswordInClearTest {
    private static final String PASSWORD = "admin-secret-never-in-clear";

    enum Ask {
        CLEARTEXT(3), MD5(5);

        final int code;

        Ask(int code) {
            this.code = code;
        }
    }

    @ParameterizedTest
    @EnumSource(Ask.class)
    void anImpostorOffLoopbackAskingForThePasswordWithoutTlsGetsNothing(Ask ask) throws Exception {
        InetAddress away = nonLoopbackAddress();
        for (UpstreamTlsMode mode : new UpstreamTlsMode[]{UpstreamTlsMode.PREFER, UpstreamTlsMode.DISABLE}) {
            try (Impostor impostor = new Impostor(away, ask)) {
                SQLException e = catchThrowableOfType(SQLException.class, () -> login(impostor, mode, false));

                assertThat((Throwable) e).as(mode.name()).isNotNull();
                assertThat(e.getMessage()).contains("asks for the admin password")
                        .contains("without TLS").contains("upstream.admin.allowPasswordWithoutTls");
                assertThat(e.getMessage()).doesNotContain(PASSWORD);
                assertThat(e.getSQLState()).isEqualTo("28000");
                assertThat(impostor.received()).as("bytes the impostor got under " + mode)
                        .doesNotContain(PASSWORD).doesNotContain("md5");
                assertThat(impostor.connections()).isPositive();
            }
        }
    }

    @Test
    void theOperatorMayAllowItOnANetworkTheyTrust() throws Exception {
        try (Impostor impostor = new Impostor(nonLoopbackAddress(), Ask.CLEARTEXT)) {
            catchThrowableOfType(SQLException.class, () -> login(impostor, UpstreamTlsMode.PREFER, true));

            assertThat(impostor.received()).contains(PASSWORD);
        }
    }

    @Test
    void onLoopbackThePasswordMayBeAskedForAsBefore() throws Exception {
        try (Impostor local = new Impostor(InetAddress.getLoopbackAddress(), Ask.CLEARTEXT)) {
            catchThrowableOfType(SQLException.class, () -> login(local, UpstreamTlsMode.PREFER, false));

            assertThat(local.received()).as("the bytes never leave the machine (decision 0015)").contains(PASSWORD);
        }
    }

    private static void login(Impostor at, UpstreamTlsMode mode, boolean allowInClear) throws SQLException {
        UpstreamConfig up = new UpstreamConfig(at.host(), at.port(), mode, null);
        UpstreamAdminConfig admin = new UpstreamAdminConfig("rolegate_admin", Secret.of(PASSWORD), "postgres",
                allowInClear);
        try (AdminDatabase db = new AdminDatabase(DirectoryMode.adminUrl(up, admin), admin.user(), PASSWORD,
                "rolegate_admin@" + at.host())) {
            db.inTransaction(c -> c.isValid(1));
        }
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : nic.inetAddresses().toList()) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        assumeTrue(false, "this machine has no non-loopback IPv4 address to play the impostor on");
        return null;
    }

    /** Accepts connections, answers 'N' to SSLRequest, asks for a password, records what comes back. */
    private static final class Impostor implements AutoCloseable {
        private final ServerSocket server;
        private final Ask ask;
        private final List<byte[]> got = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile int connections;

        Impostor(InetAddress address, Ask ask) throws IOException {
            this.server = new ServerSocket(0, 8, address);
            this.ask = ask;
            this.thread = new Thread(this::serve, "impostor");
            thread.setDaemon(true);
            thread.start();
        }

        String host() {
            return server.getInetAddress().getHostAddress();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections;
        }

        /** Everything the impostor got, once every conversation has ended (the client closed, or 3 s passed). */
        String received() throws IOException {
            close();
            StringBuilder all = new StringBuilder();
            got.forEach(b -> all.append(new String(b, StandardCharsets.ISO_8859_1)));
            return all.toString();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    connections++;
                    s.setSoTimeout(3_000);
                    got.add(converse(s.getInputStream(), s.getOutputStream()));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private byte[] converse(InputStream in, OutputStream out) throws IOException {
            DataInputStream data = new DataInputStream(in);
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            int length = data.readInt();
            byte[] first = data.readNBytes(length - 4);
            if (length == 8 && ByteBuffer.wrap(first).getInt() == 80877103) {
                out.write('N');
                out.flush();
                length = data.readInt();
                first = data.readNBytes(length - 4);
            }
            seen.writeBytes(first);
            ByteBuffer request = ByteBuffer.allocate(ask == Ask.MD5 ? 13 : 9).put((byte) 'R')
                    .putInt(ask == Ask.MD5 ? 12 : 8).putInt(ask.code);
            if (ask == Ask.MD5) {
                request.put(new byte[]{1, 2, 3, 4});
            }
            out.write(request.array());
            out.flush();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) { // until the client closes, or goes quiet for 3 s
                    seen.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // nothing more came
            }
            return seen.toByteArray();
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
