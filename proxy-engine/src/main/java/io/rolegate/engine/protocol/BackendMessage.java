package io.rolegate.engine.protocol;

/**
 * The type byte of a message the server sends. The same letter means something else from the client (a backend 'S'
 * is ParameterStatus, a frontend 'S' is Sync): see {@link FrontendMessage}. The byte constants in
 * {@link BackendMessages} are compile-time copies for {@code switch} statements on a raw byte; the test checks they
 * agree.
 */
public enum BackendMessage {
    /** AuthenticationOk, ...CleartextPassword, ...MD5Password, ...SASL, ...SASLContinue, ...SASLFinal and others. */
    AUTHENTICATION('R'),
    BACKEND_KEY_DATA('K'),
    BIND_COMPLETE('2'),
    CLOSE_COMPLETE('3'),
    COMMAND_COMPLETE('C'),
    COPY_DATA('d'),
    COPY_DONE('c'),
    COPY_IN_RESPONSE('G'),
    COPY_OUT_RESPONSE('H'),
    COPY_BOTH_RESPONSE('W'),
    DATA_ROW('D'),
    EMPTY_QUERY_RESPONSE('I'),
    ERROR_RESPONSE('E'),
    FUNCTION_CALL_RESPONSE('V'),
    NEGOTIATE_PROTOCOL_VERSION('v'),
    NO_DATA('n'),
    NOTICE_RESPONSE('N'),
    NOTIFICATION_RESPONSE('A'),
    PARAMETER_DESCRIPTION('t'),
    PARAMETER_STATUS('S'),
    PARSE_COMPLETE('1'),
    PORTAL_SUSPENDED('s'),
    READY_FOR_QUERY('Z'),
    ROW_DESCRIPTION('T');

    private static final BackendMessage[] BY_CODE = new BackendMessage[128];

    static {
        for (BackendMessage m : values()) {
            BY_CODE[m.code] = m;
        }
    }

    private final byte code;

    BackendMessage(char code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The message type a byte stands for, or null for a byte the server never sends first. Allocates nothing. */
    public static BackendMessage find(byte code) {
        return code >= 0 ? BY_CODE[code] : null;
    }

    /** Like {@link #find} but refusing an unknown type with a protocol error. */
    public static BackendMessage of(byte code) {
        BackendMessage m = find(code);
        if (m == null) {
            throw new ProtocolViolation("unknown server message type '" + TypedMessageDecoder.printable(code) + "'");
        }
        return m;
    }
}
