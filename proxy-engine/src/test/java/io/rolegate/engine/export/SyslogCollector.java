package io.rolegate.engine.export;

import javax.net.ssl.SSLContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-test syslog receiver: TCP (or TLS) on loopback, octet-counted frames as RFC 6587 describes, every message
 * kept in arrival order. {@link #stop()} closes the listener and every connection; {@link #start()} listens on the
 * same port again, as a restarted receiver would.
 */
final class SyslogCollector implements AutoCloseable {
    private final SSLContext tls;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private int port;

    private SyslogCollector(SSLContext tls) {
        this.tls = tls;
    }

    static SyslogCollector tcp() throws IOException {
        SyslogCollector c = new SyslogCollector(null);
        c.start();
        return c;
    }

    static SyslogCollector tls(SSLContext serverContext) throws IOException {
        SyslogCollector c = new SyslogCollector(serverContext);
        c.start();
        return c;
    }

    void start() throws IOException {
        ServerSocket s = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        port = s.getLocalPort();
        server = s;
        Thread accept = new Thread(() -> accept(s), "syslog-collector-accept");
        accept.setDaemon(true);
        accept.start();
    }

    void stop() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        for (Socket c : connections) {
            c.close();
        }
        connections.clear();
    }

    int port() {
        return port;
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    /** Connections whose frames could not be read (a framing error is a bug in the sender, not a test flake). */
    List<Throwable> errors() {
        return List.copyOf(errors);
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                connections.add(c);
                Thread reader = new Thread(() -> read(c), "syslog-collector-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed by stop()
            }
        }
    }

    private void read(Socket c) {
        try (c; InputStream in = new BufferedInputStream(c.getInputStream())) {
            while (true) {
                String frame = frame(in);
                if (frame == null) {
                    return;
                }
                messages.add(frame);
            }
        } catch (IOException e) {
            if (connections.contains(c)) {
                errors.add(e); // not a stop(): the handshake failed, or the framing broke
            }
        }
    }

    /** One octet-counted frame, or null at a clean end of stream between frames. */
    private static String frame(InputStream in) throws IOException {
        int length = 0;
        int digits = 0;
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                if (digits == 0) {
                    return null;
                }
                throw new IOException("stream ended inside a frame length");
            }
            if (b == ' ' && digits > 0) {
                break;
            }
            if (b < '0' || b > '9' || digits > 6) {
                throw new IOException("not an octet-counted frame: byte " + b);
            }
            length = length * 10 + (b - '0');
            digits++;
        }
        byte[] message = in.readNBytes(length);
        if (message.length < length) {
            throw new IOException("stream ended inside a message");
        }
        return new String(message, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    /** The JSON part of RFC 5424 messages: everything after the header and the "-" of no structured data. */
    static List<String> jsonOf(List<String> syslogMessages) {
        List<String> out = new ArrayList<>();
        for (String m : syslogMessages) {
            int at = m.indexOf(" - {");
            out.add(at < 0 ? m : m.substring(at + 3));
        }
        return out;
    }
}
