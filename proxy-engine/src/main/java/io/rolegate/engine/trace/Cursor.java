package io.rolegate.engine.trace;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the fields of one message body straight from the relayed buffers, across as many reads as the body spans,
 * without copying the body: numbers are assembled byte by byte, strings are copied only up to what is kept of
 * them, everything else is skipped by count. Each read method returns false when the chunk ran out before the field
 * was whole; the decoder calls it again with the next chunk and it carries on where it stopped.
 */
final class Cursor {
    private ByteBuf buf;
    private int pos;
    private int end;

    private int numberBytes;
    private int number;
    private byte[] text = new byte[64];
    private int textLength;
    private boolean textCut;
    private long skipLeft = -1;

    /** The next chunk of the body: bytes {@code from} to {@code to} of {@code b}. */
    void over(ByteBuf b, int from, int to) {
        this.buf = b;
        this.pos = from;
        this.end = to;
    }

    /** Where the decoder stopped reading this chunk. */
    int position() {
        return pos;
    }

    /** Forgets a half-read field (a new message begins). */
    void reset() {
        numberBytes = 0;
        number = 0;
        textLength = 0;
        textCut = false;
        skipLeft = -1;
    }

    boolean int8() {
        return number(1);
    }

    boolean int16() {
        return number(2);
    }

    boolean int32() {
        return number(4);
    }

    private boolean number(int size) {
        while (numberBytes < size && pos < end) {
            number = (number << 8) | (buf.getByte(pos++) & 0xFF);
            numberBytes++;
        }
        return numberBytes == size;
    }

    /** The number just read (int16 sign-extended as the protocol means it); readies the next. */
    int takeNumber(boolean int16) {
        int n = int16 ? (short) number : number;
        numberBytes = 0;
        number = 0;
        return n;
    }

    /** A NUL-terminated string, of which the first {@code keep} bytes are kept. */
    boolean cstring(int keep) {
        int nul = pos < end ? buf.indexOf(pos, end, (byte) 0) : -1;
        int stop = nul < 0 ? end : nul;
        int n = Math.min(stop - pos, keep - textLength);
        if (n > 0) {
            if (text.length < textLength + n) {
                text = Arrays.copyOf(text, Math.min(keep, Math.max(text.length * 2, textLength + n)));
            }
            buf.getBytes(pos, text, textLength, n);
            textLength += n;
        }
        if (stop - pos > n) {
            textCut = true;
        }
        if (nul < 0) {
            pos = end;
            return false;
        }
        pos = nul + 1;
        return true;
    }

    /** The string just read, as UTF-8 (what drivers send), "…" marking a cut; readies the next. */
    String takeString() {
        String s = new String(text, 0, textLength, StandardCharsets.UTF_8) + (textCut ? "…" : "");
        textLength = 0;
        textCut = false;
        return s;
    }

    /** The string just read as the bytes sent (kept as is until someone reads them); readies the next. */
    StatementText takeStatement() {
        StatementText s = new StatementText(Arrays.copyOf(text, textLength), textCut);
        textLength = 0;
        textCut = false;
        return s;
    }

    /** Skips {@code n} bytes (a parameter value, a column's fixed fields). */
    boolean skip(long n) {
        if (skipLeft < 0) {
            skipLeft = n;
        }
        long take = Math.min(skipLeft, end - pos);
        pos += (int) take;
        skipLeft -= take;
        if (skipLeft == 0) {
            skipLeft = -1;
            return true;
        }
        return false;
    }
}
