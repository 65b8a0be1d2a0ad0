package io.rolegate.engine.export;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.config.ExportConfig;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * Syslog over TCP (RFC 6587) or TLS (RFC 5425), octet-counted. Syslog has no acknowledgement: a batch counts as
 * delivered once it is written and flushed to the socket. Before each batch the connection is checked for an end
 * the receiver sent meanwhile (a restarted rsyslog), so a batch is never written into a connection already closed;
 * a receiver that dies after taking bytes into its socket buffer can still lose them, which only a protocol with
 * acknowledgements (webhook, OTLP) rules out.
 */
final class SyslogReceiver implements Receiver {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SyslogReceiver.class);
    private final String host;
    private final int port;
    private final SSLSocketFactory tls;
    private final int timeoutMillis;
    private final SyslogFormat format;
    private volatile Socket socket;
    private OutputStream out;

    SyslogReceiver(ExportConfig config, SyslogFormat format) {
        this.host = config.target().getHost();
        this.port = config.target().getPort();
        this.tls = config.tls() ? ReceiverTrust.context(config.ca()).getSocketFactory() : null;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        this.format = format;
    }

    @Override
    public void send(List<AuditRecord> batch) throws IOException {
        try {
            if (socket == null || !stillOpen(socket)) {
                connect();
            }
            for (AuditRecord r : batch) {
                out.write(format.frame(r));
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        close();
        Socket plain = new Socket();
        try {
            plain.setKeepAlive(true);
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            Socket s = plain;
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
                SSLParameters p = secure.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name this host
                secure.setSSLParameters(p);
                secure.setSoTimeout(timeoutMillis);
                secure.startHandshake();
                s = secure;
            }
            out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
            socket = s;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Whether the receiver has not closed its end: a read that times out at once means nothing arrived (a syslog
     * receiver never writes), an end of stream or an error means the connection is gone.
     */
    private static boolean stillOpen(Socket s) {
        try {
            s.setSoTimeout(1);
            int b = s.getInputStream().read();
            return b >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                log.debug("closing the syslog connection to {}:{} failed", host, port, e);
            }
        }
    }
}
