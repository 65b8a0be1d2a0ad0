package io.rolegate.engine.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for a TCP load balancer, for machines without HAProxy: it accepts on 127.0.0.1, connects to the proxy
 * from 127.0.0.1, writes a PROXY v2 header naming the client it accepted, and relays both ways.
 */
public final class ProxyHeaderRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int proxyPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "proxy-header-relay");
        t.setDaemon(true);
        return t;
    });

    private ProxyHeaderRelay(ServerSocket server, int proxyPort) {
        this.server = server;
        this.proxyPort = proxyPort;
    }

    public static ProxyHeaderRelay start(int proxyPort) throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        ProxyHeaderRelay relay = new ProxyHeaderRelay(s, proxyPort);
        relay.threads.submit(relay::acceptLoop);
        return relay;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.submit(() -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket proxy = new Socket()) {
            proxy.bind(new InetSocketAddress("127.0.0.1", 0));
            proxy.connect(new InetSocketAddress("127.0.0.1", proxyPort), 10_000);
            InetSocketAddress from = (InetSocketAddress) client.getRemoteSocketAddress();
            proxy.getOutputStream().write(ProxyHeaders.v2(from.getAddress().getHostAddress(), from.getPort(),
                    "127.0.0.1", port()));
            var back = threads.submit(() -> pump(proxy.getInputStream(), client.getOutputStream(), client));
            pump(client.getInputStream(), proxy.getOutputStream(), proxy);
            back.get();
        } catch (Exception e) {
            // one side went away: the relay of this connection ends, as a balancer's would
        }
    }

    /** Copies until end of stream, then half-closes {@code to}'s socket so the other side sees the end. */
    private static Void pump(InputStream in, OutputStream out, Socket to) throws IOException {
        in.transferTo(out);
        if (!to.isClosed()) {
            to.shutdownOutput();
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
