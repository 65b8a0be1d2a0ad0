package io.rolegate.engine.trace;

import io.netty.buffer.ByteBuf;
import io.rolegate.engine.protocol.FrameScanner;

import java.util.Map;

/**
 * One direction of a traced session: finds message boundaries the way the relay's own scanner does (headers only,
 * bodies skipped by count) and lets {@link BodyFields} read the fields it wants as the body passes. Runs on the
 * session's event loop, on the buffers the relay forwards; it copies nothing but the fields it keeps.
 */
final class TraceScanner {
    private static final int HEADER = 5;

    /** Hears each whole message. */
    interface Lines {
        void message(boolean fromClient, byte type, long wireBytes, long seenAt, Map<String, Object> fields);

        void framingLost(boolean fromClient, byte type, int length);
    }

    private final boolean fromClient;
    private final BodyFields fields;
    private final Cursor cursor = new Cursor();
    private final Lines lines;

    private int headerSeen;
    private byte type;
    private int partialLength;
    private long bodyLeft;
    private int length;
    private long seenAt;
    private boolean decoding;
    /** The message under way when the trace began: its start was not seen, so it is skipped, not traced. */
    private boolean untraced;
    private boolean lost;

    TraceScanner(boolean fromClient, Lines lines) {
        this.fromClient = fromClient;
        this.fields = fromClient ? new FrontendFields() : new BackendFields();
        this.lines = lines;
    }

    /** Starts where the relay's scanner of this direction stands. */
    void resume(FrameScanner.Framing at) {
        lost = at.lost();
        if (at.headerSeen() > 0) {
            headerSeen = at.headerSeen();
            type = at.type();
            partialLength = at.partialLength();
        } else if (at.bodyLeft() > 0) {
            bodyLeft = at.bodyLeft();
            untraced = true;
        }
    }

    void scan(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end && !lost) {
            if (bodyLeft > 0) {
                int stop = (int) Math.min(end, i + bodyLeft);
                if (decoding) {
                    cursor.over(buf, i, stop);
                    decoding = !fields.feed(type, cursor);
                }
                bodyLeft -= stop - i;
                i = stop;
                if (bodyLeft == 0) {
                    complete();
                }
            } else if (headerSeen == 0 && end - i >= HEADER) {
                type = buf.getByte(i);
                int len = buf.getInt(i + 1);
                i += HEADER;
                header(len);
            } else {
                byte b = buf.getByte(i++);
                if (headerSeen == 0) {
                    type = b;
                } else {
                    partialLength = (partialLength << 8) | (b & 0xFF);
                }
                if (++headerSeen == HEADER) {
                    header(partialLength);
                }
            }
        }
    }

    private void header(int len) {
        headerSeen = 0;
        partialLength = 0;
        if (len < 4) {
            lost = true;
            lines.framingLost(fromClient, type, len);
            return;
        }
        length = len;
        bodyLeft = len - 4L;
        seenAt = System.nanoTime();
        cursor.reset();
        decoding = fields.begin(type);
        if (bodyLeft == 0) {
            complete();
        }
    }

    private void complete() {
        decoding = false;
        if (untraced) {
            untraced = false;
            return;
        }
        lines.message(fromClient, type, 1L + length, seenAt, fields.take());
    }
}
