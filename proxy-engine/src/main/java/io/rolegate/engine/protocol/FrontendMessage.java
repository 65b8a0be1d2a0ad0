package io.rolegate.engine.protocol;

/**
 * The type byte of a message the client sends (after the untyped startup packet). The same letter means something
 * else from the server: see {@link BackendMessage}. The byte constants in {@link FrontendMessages} are compile-time
 * copies for {@code switch} statements on a raw byte; the test checks they agree.
 */
public enum FrontendMessage {
    BIND('B'),
    CLOSE('C'),
    COPY_DATA('d'),
    COPY_DONE('c'),
    COPY_FAIL('f'),
    DESCRIBE('D'),
    EXECUTE('E'),
    FLUSH('H'),
    FUNCTION_CALL('F'),
    PARSE('P'),
    /** PasswordMessage, and the envelope of GSSResponse, SASLInitialResponse and SASLResponse alike. */
    PASSWORD('p'),
    QUERY('Q'),
    SYNC('S'),
    TERMINATE('X');

    private static final FrontendMessage[] BY_CODE = new FrontendMessage[128];

    static {
        for (FrontendMessage m : values()) {
            BY_CODE[m.code] = m;
        }
    }

    private final byte code;

    FrontendMessage(char code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The message type a byte stands for, or null for a byte no client sends. Allocates nothing. */
    public static FrontendMessage find(byte code) {
        return code >= 0 ? BY_CODE[code] : null;
    }

    /** Like {@link #find} but refusing an unknown type with a protocol error. */
    public static FrontendMessage of(byte code) {
        FrontendMessage m = find(code);
        if (m == null) {
            throw new ProtocolViolation("unknown client message type '" + TypedMessageDecoder.printable(code) + "'");
        }
        return m;
    }
}
