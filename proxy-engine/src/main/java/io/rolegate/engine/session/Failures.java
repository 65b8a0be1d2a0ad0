package io.rolegate.engine.session;

import io.netty.handler.codec.DecoderException;
import io.rolegate.engine.protocol.ProtocolViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;

/** Turns an exception on either channel of a session into the disconnect reason it means. */
final class Failures {
    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    static void client(Session session, Throwable cause) {
        Throwable c = unwrap(cause);
        if (c instanceof ProtocolViolation) {
            session.terminate(DisconnectReason.PROTOCOL_VIOLATION, "rolegate: protocol violation: " + c.getMessage());
        } else if (c instanceof SSLException) {
            log.debug("{}: client TLS failed: {}", session, c.getMessage());
            session.terminate(DisconnectReason.TLS_FAILED, null);
        } else if (c instanceof IOException) {
            log.debug("{}: client connection error: {}", session, c.getMessage());
            session.terminate(DisconnectReason.CLIENT_CLOSED, null);
        } else {
            internal(session, "client", c);
        }
    }

    static void upstream(Session session, Throwable cause) {
        Throwable c = unwrap(cause);
        if (c instanceof ProtocolViolation) {
            session.terminate(DisconnectReason.PROTOCOL_VIOLATION,
                    "rolegate: the upstream server broke the protocol: " + c.getMessage());
        } else if (c instanceof IOException) {
            session.terminate(DisconnectReason.UPSTREAM_CLOSED,
                    "rolegate: lost the connection to the upstream server: " + c.getMessage());
        } else {
            internal(session, "upstream", c);
        }
    }

    private static void internal(Session session, String side, Throwable c) {
        log.warn("{}: unexpected error on the {} side", session, side, c);
        session.terminate(DisconnectReason.INTERNAL_ERROR, "rolegate: internal error; see the proxy log");
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof DecoderException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
