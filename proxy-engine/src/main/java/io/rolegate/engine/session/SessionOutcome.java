package io.rolegate.engine.session;

import java.time.Instant;

/**
 * How a session went: when it was accepted and ended, whether it was let in, why it ended and what the client was
 * told. Written on the session's event loop; the audit, the log and snapshots read it from other threads.
 */
public final class SessionOutcome {
    private final Instant accepted = Instant.now();
    private final long acceptedNanos = System.nanoTime();
    /** Authentication succeeded and its audit record is durable. */
    private volatile boolean admitted;
    /** The client sent Terminate: when a channel closes from now on, it is the client's goodbye. */
    private boolean clientSaidGoodbye;
    private volatile DisconnectReason endReason;
    private volatile String endMessage;
    private volatile Instant ended;
    /** The SQLSTATE and message of a refused login (a policy, the directory, or the server itself). */
    private volatile String refusalSqlState;
    private volatile String refusalMessage;
    /** Who ended the session from outside (an administrator's disconnect, their stop of the engine); else null. */
    private volatile String endedBy;

    SessionOutcome() {
    }

    public Instant accepted() {
        return accepted;
    }

    /** Null while the session lives. */
    public Instant ended() {
        return ended;
    }

    public boolean admitted() {
        return admitted;
    }

    /** Null while the session lives. */
    public DisconnectReason endReason() {
        return endReason;
    }

    public String endMessage() {
        return endMessage;
    }

    /** The SQLSTATE the client was given when the session ended, whoever gave it; null when none. */
    public String sqlState() {
        return refusalSqlState != null ? refusalSqlState : endReason == null ? null : endReason.sqlState();
    }

    /** What the client was told, or why the session ended. */
    public String message() {
        return refusalMessage != null ? refusalMessage : endMessage;
    }

    /** {@link System#nanoTime()} when the connection was accepted: a login's place in the login queue. */
    long acceptedNanos() {
        return acceptedNanos;
    }

    /** Who ended it from outside (a console administrator), for the end's audit record; null otherwise. */
    public String endedBy() {
        return endedBy;
    }

    /** Names who ends the session from outside; set before {@code terminate}, so the end record carries it. */
    public void endedBy(String who) {
        endedBy = who;
    }

    long nanosSinceAccepted() {
        return System.nanoTime() - acceptedNanos;
    }

    void admit() {
        admitted = true;
    }

    /** The login was refused, by a policy, the directory or the server: its SQLSTATE and message, for the audit. */
    void refused(String sqlState, String message) {
        refusalSqlState = sqlState;
        refusalMessage = message;
    }

    void clientSaidGoodbye() {
        clientSaidGoodbye = true;
    }

    boolean goodbyeSaid() {
        return clientSaidGoodbye;
    }

    void ending(DisconnectReason reason, String message) {
        endReason = reason;
        endMessage = message;
    }

    void closed() {
        ended = Instant.now();
    }

    /** The SQLSTATE of the FATAL the client is sent for {@code reason}: a refusal says its own. */
    String fatalSqlState(DisconnectReason reason) {
        return (reason == DisconnectReason.REJECTED || reason == DisconnectReason.AUDIT_UNAVAILABLE)
                && refusalSqlState != null ? refusalSqlState : reason.sqlState();
    }
}
