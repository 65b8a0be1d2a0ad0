package io.rolegate.engine.protocol;

/** ReadyForQuery's status byte: where the server's transaction stands when it waits for the next request. */
public enum TransactionStatus {
    IDLE('I'),
    IN_TRANSACTION('T'),
    /** In a failed transaction block: every statement is refused until the block ends. */
    FAILED('E');

    private final byte code;

    TransactionStatus(char code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The status a ReadyForQuery byte stands for; any other byte is not PostgreSQL. Allocates nothing when valid. */
    public static TransactionStatus of(byte code) {
        switch (code) {
            case 'I':
                return IDLE;
            case 'T':
                return IN_TRANSACTION;
            case 'E':
                return FAILED;
            default:
                throw new ProtocolViolation("ReadyForQuery with unknown transaction status '"
                        + TypedMessageDecoder.printable(code) + "' (expected I, T or E)");
        }
    }

    /**
     * For the relay, which forwards what the server says untouched and only keeps count: the status, or
     * {@code otherwise} for a byte PostgreSQL never sends (the client will judge the message, not the proxy).
     */
    public static TransactionStatus orElse(byte code, TransactionStatus otherwise) {
        return code == 'I' ? IDLE : code == 'T' ? IN_TRANSACTION : code == 'E' ? FAILED : otherwise;
    }

    /** Reads a ReadyForQuery body (exactly one byte) without moving its reader index. */
    public static TransactionStatus of(io.netty.buffer.ByteBuf body) {
        if (body.readableBytes() != 1) {
            throw new ProtocolViolation("ReadyForQuery body has " + body.readableBytes() + " bytes, not 1");
        }
        return of(body.getByte(body.readerIndex()));
    }
}
