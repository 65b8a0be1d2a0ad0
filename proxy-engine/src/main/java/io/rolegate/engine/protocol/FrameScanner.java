package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Walks typed-message boundaries in a relayed byte stream without copying or buffering it: it reads the 5-byte
 * headers (which may be split across reads) and skips bodies by count, so a 1 GB DataRow costs the same as a
 * small one. Subclasses hear about each message, and may ask for the first few bytes of a body (ReadyForQuery's
 * status, a ParameterStatus) — copied into one small reused array. The bytes themselves are forwarded untouched
 * by the caller.
 */
public abstract class FrameScanner {
    private static final int HEADER = 5;

    private int headerNeeded = HEADER;
    private byte type;
    private int partialLength;
    private long bodyLeft;
    private boolean lost;
    private byte[] captured;
    private int captureWanted;
    private int captureLength;
    private boolean captureComplete;
    /** Where the current message's header began in the read being scanned; -1 when in an earlier read. */
    private int start = -1;

    /** Scans the readable bytes of {@code buf}; does not move its reader index. */
    public final void scan(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        start = -1;
        while (i < end && !lost) {
            if (bodyLeft > 0) {
                int skip = (int) Math.min(bodyLeft, end - i);
                if (captureWanted > captureLength) {
                    int n = Math.min(skip, captureWanted - captureLength);
                    buf.getBytes(i, captured, captureLength, n);
                    captureLength += n;
                }
                i += skip;
                bodyLeft -= skip;
                if (bodyLeft == 0 && captureWanted > 0) {
                    deliverCapture();
                }
            } else if (headerNeeded == HEADER && end - i >= HEADER) {
                type = buf.getByte(i);
                int length = buf.getInt(i + 1);
                start = i;
                i += HEADER;
                headerComplete(length);
            } else {
                byte b = buf.getByte(i++);
                if (headerNeeded == HEADER) {
                    type = b;
                    start = i - 1;
                } else {
                    partialLength = (partialLength << 8) | (b & 0xFF);
                }
                if (--headerNeeded == 0) {
                    headerComplete(partialLength);
                }
            }
        }
    }

    private void headerComplete(int length) {
        headerNeeded = HEADER;
        partialLength = 0;
        if (length < 4) {
            lost = true;
            onMalformed(type, length);
            return;
        }
        bodyLeft = length - 4L;
        onMessage(type, length);
        int limit = captureLimit(type);
        if (limit > 0 && bodyLeft > 0) {
            if (captured == null || captured.length < limit) {
                captured = new byte[limit];
            }
            captureWanted = (int) Math.min(limit, bodyLeft);
            captureComplete = bodyLeft <= limit;
            captureLength = 0;
        }
    }

    private void deliverCapture() {
        int n = captureLength;
        captureWanted = 0;
        captureLength = 0;
        onBody(type, captured, n, captureComplete);
    }

    /**
     * Where this scanner stands in the stream, so another scanner can start reading the same stream at the next
     * byte (a protocol trace attached mid-stream). Called off the relay's per-read path.
     */
    public final Framing framing() {
        return new Framing(HEADER - headerNeeded, type, partialLength, bodyLeft, lost);
    }

    /**
     * A scanner's position: {@code headerSeen} bytes of a header (type byte first, then the length word's bytes
     * so far in {@code partialLength}), or inside a body with {@code bodyLeft} bytes to go.
     */
    public record Framing(int headerSeen, byte type, int partialLength, long bodyLeft, boolean lost) {
    }

    /** True between messages: the proxy may inject a whole message of its own only here. */
    public final boolean atBoundary() {
        return !lost && headerNeeded == HEADER && bodyLeft == 0;
    }

    /**
     * During {@link #onMessage}: the index in the buffer being scanned where this message's header began, or -1 when
     * its first bytes came in an earlier read (they were forwarded already).
     */
    protected final int messageStart() {
        return start;
    }

    /** Called once per message when its header is complete. {@code length} includes the length word. */
    protected abstract void onMessage(byte type, int length);

    /** How many leading body bytes of this message type to hand to {@link #onBody}; 0 for none. */
    protected int captureLimit(byte type) {
        return 0;
    }

    /**
     * The first {@code length} body bytes of a message whose type asked for them, once the whole message has
     * passed; {@code complete} says whether that is the whole body. The array is reused: copy what you keep.
     */
    protected void onBody(byte type, byte[] body, int length, boolean complete) {
    }

    /** The stream is not PostgreSQL framing; scanning stops (the peer will reject the bytes itself). */
    protected void onMalformed(byte type, int length) {
    }
}
