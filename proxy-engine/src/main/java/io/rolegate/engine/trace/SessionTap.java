package io.rolegate.engine.trace;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.rolegate.engine.api.model.TraceLimits;
import io.rolegate.engine.api.model.TraceMessage;
import io.rolegate.engine.protocol.FrameScanner;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.WireTap;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A protocol trace of one live session: attached to its relay, it decodes each message in both directions on the
 * session's event loop into a bounded ring of lines, and stops by itself at its time or size limit or when the
 * session ends. Consecutive DataRow (or CopyData) messages make one line with their count and bytes. Who may start
 * one, and the audit of it, are the facade's business.
 */
public final class SessionTap implements WireTap, TraceScanner.Lines {
    /** A run of DataRow or CopyData is cut into lines of at most this long, so a live view keeps moving. */
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Session session;
    private final TraceLimits limits;
    private final TraceRing ring;
    private final TraceScanner client = new TraceScanner(true, this);
    private final TraceScanner server = new TraceScanner(false, this);
    private final Consumer<String> onStopped;
    private final CompletableFuture<String> stoppedFuture = new CompletableFuture<>();

    // event loop only
    private long startNanos;
    private long relayed;
    private long seq;
    private ScheduledFuture<?> timer;
    private Run run;
    private boolean stopped;

    /** A run of DataRow or CopyData messages in one direction, not yet a line. */
    private static final class Run {
        final boolean fromClient;
        final byte type;
        final long seenAt;
        final Map<String, Object> fields;
        int count = 1;
        long bytes;

        Run(boolean fromClient, byte type, long seenAt, long bytes, Map<String, Object> fields) {
            this.fromClient = fromClient;
            this.type = type;
            this.seenAt = seenAt;
            this.bytes = bytes;
            this.fields = fields;
        }
    }

    /**
     * @param onStopped hears why the trace stopped, once, on the event loop (never block there)
     */
    public SessionTap(Session session, TraceLimits limits, Consumer<String> onStopped) {
        this.session = session;
        this.limits = limits;
        this.ring = new TraceRing(limits.keepMessages(), limits.keepBytes());
        this.onStopped = onStopped;
    }

    @Override
    public void attached(FrameScanner.Framing fromClient, FrameScanner.Framing fromServer) {
        startNanos = System.nanoTime();
        client.resume(fromClient);
        server.resume(fromServer);
        long millis = limits.maxDuration().toMillis();
        timer = session.eventLoop().schedule(() -> stop("time limit (" + limits.maxDuration() + ")"), millis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void fromClient(ByteBuf buf) {
        read(client, buf);
    }

    @Override
    public void fromServer(ByteBuf buf) {
        read(server, buf);
    }

    private void read(TraceScanner direction, ByteBuf buf) {
        if (stopped) {
            return;
        }
        direction.scan(buf);
        relayed += buf.readableBytes();
        if (relayed >= limits.stopAfterBytes()) {
            stop("size limit (" + limits.stopAfterBytes() + " bytes relayed)");
        }
    }

    @Override
    public void sessionEnded() {
        stop("the session ended");
    }

    @Override
    public void message(boolean fromClient, byte type, long wireBytes, long seenAt, Map<String, Object> fields) {
        if (stopped) {
            return; // the rest of a read after a limit
        }
        boolean runs = type == 'd' || (type == 'D' && !fromClient);
        if (run != null) {
            if (runs && run.fromClient == fromClient && run.type == type && seenAt - run.seenAt < RUN_NANOS) {
                run.count++;
                run.bytes += wireBytes;
                return;
            }
            endRun();
        }
        if (runs) {
            run = new Run(fromClient, type, seenAt, wireBytes, fields);
            return;
        }
        line(fromClient, type, seenAt, 1, wireBytes, fields);
    }

    @Override
    public void framingLost(boolean fromClient, byte type, int length) {
        endRun();
        line(fromClient, type, System.nanoTime(), 1, 5, Map.of("problem",
                "message length " + length + " is not PostgreSQL framing; this direction is no longer traced"));
    }

    private void endRun() {
        Run r = run;
        if (r != null) {
            run = null;
            line(r.fromClient, r.type, r.seenAt, r.count, r.bytes, r.fields);
        }
    }

    private void line(boolean fromClient, byte type, long seenAt, int count, long bytes, Map<String, Object> f) {
        ring.add(new TraceEntry(++seq, Math.max(0, seenAt - startNanos), fromClient, type, count, bytes, f));
        if (seq >= limits.stopAfterMessages() && !stopped) {
            stop("message limit (" + limits.stopAfterMessages() + " lines)");
        }
    }

    /** Stops the trace (any thread): the tap leaves the relay and the ring keeps what it holds. */
    public void stop(String reason) {
        if (!session.eventLoop().inEventLoop()) {
            session.eventLoop().execute(() -> stop(reason));
            return;
        }
        if (stopped) {
            return;
        }
        stopped = true;
        session.detachTap(this);
        endRun();
        if (timer != null) {
            timer.cancel(false);
        }
        try {
            onStopped.accept(reason);
        } finally {
            stoppedFuture.complete(reason); // after the facade forgot it: a waiter sees the trace gone
        }
    }

    /** Completes with the reason once the trace stopped. */
    public CompletableFuture<String> stopped() {
        return stoppedFuture;
    }

    /** Why it stopped, or null while it runs. Any thread. */
    public String stopReason() {
        return stoppedFuture.getNow(null);
    }

    public long sessionId() {
        return session.id();
    }

    /** The name the traced session's client logged in with, for the audit records about the trace. */
    public String user() {
        var startup = session.startup();
        return startup == null ? null : startup.user();
    }

    /** The kept lines numbered above {@code after}, at most {@code limit}, as a reader sees them. Any thread. */
    public List<TraceMessage> lines(long after, int limit, boolean wholeStatements) {
        return ring.after(after, limit).stream().map(e -> e.shown(wholeStatements)).toList();
    }

    public long lastSeq() {
        return ring.lastSeq();
    }

    public int kept() {
        return ring.kept();
    }

    public long dropped() {
        return ring.dropped();
    }
}
