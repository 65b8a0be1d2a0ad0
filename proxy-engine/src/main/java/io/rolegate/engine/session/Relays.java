package io.rolegate.engine.session;

import io.netty.channel.Channel;

/**
 * A session's two relay handlers, one per direction, and the one place they enter and leave a pipeline. After
 * ReadyForQuery the pipelines hold only TLS (if any) and these.
 */
final class Relays {
    private static final String NAME = "relay";

    private final Session session;
    private final ClientToServer fromClient;
    private final ServerToClient toClient;

    Relays(Session session) {
        this.session = session;
        this.fromClient = new ClientToServer(session);
        this.toClient = new ServerToClient(session);
    }

    /**
     * Installs the relay that reads {@code from}, last in its pipeline: the client's side when authentication
     * begins (whatever a startup handler still holds flows on to it as it removes itself), the server's side at
     * ReadyForQuery, in place of the startup handlers.
     */
    void install(Channel from) {
        from.pipeline().addLast(NAME, from == session.client() ? fromClient : toClient);
    }

    /** A server connection going to the pool no longer relays to this session's client. */
    void removeFrom(Channel server) {
        if (server.pipeline().context(toClient) != null) {
            server.pipeline().remove(toClient);
        }
    }

    /** Sends on what the client pipelined before the server connection existed. */
    void flushQueued(Channel server) {
        fromClient.flushQueued(server);
    }

    /** Runs {@code then} now, or once the server's held last words went their way ({@link ServerWordHold}). */
    void afterServerWord(Runnable then) {
        toClient.afterServerWord(then);
    }

    /** Where the relay of the client's bytes stands in their stream (for a tap attached now). */
    io.rolegate.engine.protocol.FrameScanner.Framing clientFraming() {
        return fromClient.framing();
    }

    /** Where the relay of the server's bytes stands in their stream (for a tap attached now). */
    io.rolegate.engine.protocol.FrameScanner.Framing serverFraming() {
        return toClient.framing();
    }

    /**
     * The proxy may speak to the client only between server messages, and not right after the server said why it
     * ends (true before the server's relay starts: the startup handlers speak in whole messages).
     */
    boolean clientMayHearProxy() {
        return toClient.clientMayHearProxy();
    }
}
