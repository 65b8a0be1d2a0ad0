package io.rolegate.engine.protocol;

/** The request codes that can stand where a startup packet's protocol version goes. */
public final class StartupCodes {
    public static final int PROTOCOL_3_0 = 3 << 16;
    public static final int CANCEL_REQUEST = 80877102;
    public static final int SSL_REQUEST = 80877103;
    public static final int GSSENC_REQUEST = 80877104;
    /** First byte of a TLS record: a PostgreSQL 17 client doing direct SSL starts with a ClientHello. */
    public static final byte TLS_HANDSHAKE_RECORD = 0x16;
    /** The one-byte answer to SSLRequest or GSSENCRequest: go ahead and start the handshake. */
    public static final byte ENCRYPTION_ACCEPTED = 'S';
    /** The one-byte answer to SSLRequest or GSSENCRequest: no, go on unencrypted (or send another request). */
    public static final byte ENCRYPTION_REFUSED = 'N';
    /** Length word plus code: the smallest possible startup packet. */
    public static final int MIN_PACKET = 8;

    private StartupCodes() {
    }
}
