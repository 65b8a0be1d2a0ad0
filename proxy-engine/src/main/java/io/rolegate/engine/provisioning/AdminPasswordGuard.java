package io.rolegate.engine.provisioning;

import javax.net.SocketFactory;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;

/**
 * pgjdbc's socket factory for the admin connection: it reads the start of the protocol as it passes and ends the
 * connection before the admin password leaves in clear. pgjdbc answers a server's AuthenticationCleartextPassword
 * or AuthenticationMD5Password on whatever connection it has; without TLS (a server that answered 'N' to
 * SSLRequest, which anyone on the path can answer, or {@code upstream.tls: disable}) that hands the password of a
 * CREATEROLE role to whoever answers on the upstream address. SCRAM reveals no password and passes.
 *
 * <p>Allowed anyway on loopback (the bytes never leave the machine, so no one on the network can read or answer
 * them; decision 0015) and with
 * {@code upstream.admin.allowPasswordWithoutTls: true}. Over TLS the protocol is not read at all: what protects it
 * there is the certificate check ({@code upstream.rootCert}).
 */
public final class AdminPasswordGuard extends SocketFactory {
    /** {@code socketFactoryArg}: refuse cleartext and md5 password requests without TLS off loopback. */
    public static final String REFUSE = "refuse-password-without-tls";
    /** {@code socketFactoryArg}: the operator allowed them ({@code upstream.admin.allowPasswordWithoutTls}). */
    public static final String ALLOW = "allow-password-without-tls";

    private final boolean allowed;

    /** How pgjdbc builds it: the {@code socketFactoryArg} property says which. */
    public AdminPasswordGuard(Properties info) {
        this(info.getProperty("socketFactoryArg", REFUSE));
    }

    public AdminPasswordGuard(String argument) {
        this.allowed = ALLOW.equals(argument);
    }

    @Override
    public Socket createSocket() {
        return new GuardedSocket(allowed);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new java.net.InetSocketAddress(localHost, localPort));
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket s = createSocket();
        s.bind(new java.net.InetSocketAddress(localAddress, localPort));
        s.connect(new java.net.InetSocketAddress(address, port));
        return s;
    }

    /** The guard's refusal somewhere in {@code failure}'s causes (pgjdbc wraps it), or null. */
    public static String refusalIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PasswordWithoutTlsRefused) {
                return t.getMessage();
            }
        }
        return null;
    }

    /** The server asked for the admin password in clear on a connection without TLS; nothing was sent. */
    public static final class PasswordWithoutTlsRefused extends IOException {
        PasswordWithoutTlsRefused(String message) {
            super(message);
        }
    }

    /** A plain socket whose streams let {@link StartupWatch} see the start-up bytes both ways. */
    private static final class GuardedSocket extends Socket {
        private final boolean allowed;
        private StartupWatch watch;
        private InputStream in;
        private OutputStream out;

        GuardedSocket(boolean allowed) {
            this.allowed = allowed;
        }

        private synchronized StartupWatch watch() {
            if (watch == null) {
                InetAddress peer = getInetAddress();
                boolean loopback = peer != null && peer.isLoopbackAddress();
                watch = new StartupWatch(allowed || loopback, String.valueOf(getRemoteSocketAddress()));
            }
            return watch;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                StartupWatch w = watch();
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            w.fromServer(new byte[]{(byte) b}, 0, 1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = super.read(buffer, offset, length);
                        if (n > 0) {
                            w.fromServer(buffer, offset, n);
                        }
                        return n;
                    }
                };
            }
            return in;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                StartupWatch w = watch();
                out = new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(int b) throws IOException {
                        w.fromClient(new byte[]{(byte) b}, 0, 1);
                        super.out.write(b);
                    }

                    @Override
                    public void write(byte[] buffer, int offset, int length) throws IOException {
                        w.fromClient(buffer, offset, length);
                        super.out.write(buffer, offset, length);
                    }
                };
            }
            return out;
        }
    }
}
