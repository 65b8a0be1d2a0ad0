package io.rolegate.engine.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.rolegate.engine.protocol.FrontendMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Sends CancelRequests upstream with the server's real key. A cancel is forwarded only while the session has a
 * request outstanding: a late cancel (its query already finished) must not hit the next query.
 */
public final class CancelForwarder {
    private static final Logger log = LoggerFactory.getLogger(CancelForwarder.class);
    private static final long TIMEOUT_SECONDS = 5;

    private final UpstreamConnector upstream;

    /** Each CancelRequest goes to the host of the session's server connection. */
    CancelForwarder(UpstreamConnector upstream) {
        this.upstream = upstream;
    }

    /** Cancels the session's running query; completes with false when it had none. */
    public Future<Boolean> cancelRunningQuery(Session session) {
        EventLoop loop = session.client().eventLoop();
        Promise<Boolean> done = loop.newPromise();
        loop.execute(() -> {
            if (session.state() != SessionState.ACTIVE || session.server().realCancelKey() == null) {
                done.trySuccess(false);
                return;
            }
            ServerLink server = session.server();
            forward(loop, server.host(), session.backendPid(), server.realCancelKey()).addListener(f -> {
                if (f.isSuccess()) {
                    done.trySuccess(true);
                } else {
                    done.tryFailure(f.cause());
                }
            });
        });
        return done;
    }

    /** Fire and forget, for a session that is being terminated. */
    void forwardQuietly(EventLoop on, io.rolegate.engine.config.UpstreamHost host, int pid, byte[] key) {
        forward(on, host, pid, key).addListener(f -> {
            if (!f.isSuccess()) {
                log.warn("could not forward a cancel request for backend {}: {}", pid, f.cause().getMessage());
            }
        });
    }

    /** Opens a connection, writes the CancelRequest, and completes once it is written (the server closes). */
    Future<Void> forward(EventLoop on, io.rolegate.engine.config.UpstreamHost host, int pid, byte[] key) {
        Promise<Void> written = on.newPromise();
        upstream.connect(on, host).addListener(f -> {
            if (!f.isSuccess()) {
                written.tryFailure(f.cause());
                return;
            }
            Channel ch = (Channel) f.getNow();
            on.schedule(() -> ch.close(), TIMEOUT_SECONDS, TimeUnit.SECONDS);
            ch.writeAndFlush(FrontendMessages.cancelRequest(ch.alloc(), pid, key)).addListener(w -> {
                if (w.isSuccess()) {
                    written.trySuccess(null);
                } else {
                    written.tryFailure(w.cause());
                }
            }).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        });
        return written;
    }
}
