package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.rolegate.engine.protocol.BackendMessages;

import java.util.concurrent.TimeUnit;

/** The proxy's last word to a client whose session it ends: a FATAL error, then a close that lets it be read. */
final class LastWord {
    private static final long LINGER_MILLIS = 500;

    private LastWord() {
    }

    static void fatal(Channel client, String sqlState, String message) {
        client.writeAndFlush(BackendMessages.fatal(client.alloc(), sqlState, message, null))
                .addListener(f -> lingeringClose(client));
    }

    /**
     * Closes after the error is sent, but first stops writing and keeps reading (and dropping) for a moment: a
     * socket closed with unread input answers with a reset, and a reset can destroy the error before the client
     * reads it.
     */
    private static void lingeringClose(Channel client) {
        if (client instanceof DuplexChannel duplex && client.isActive()) {
            duplex.shutdownOutput();
            client.config().setAutoRead(true);
            client.eventLoop().schedule(() -> client.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            client.close();
        }
    }
}
