package io.rolegate.engine.provisioning;

/**
 * Follows the first bytes of a PostgreSQL connection from the client's side, as they pass, until it knows the
 * password cannot leave in clear: TLS was agreed ('S' after SSLRequest: nothing more is read), or the server said
 * AuthenticationOk. On the way, a server asking for a cleartext (3) or md5 (5) password on the plain connection is
 * refused with {@link AdminPasswordGuard.PasswordWithoutTlsRefused} — before pgjdbc has read the request, so
 * before it can answer — unless {@code allowed}. Reads only headers and the authentication code.
 */
final class StartupWatch {
    private static final int SSL_REQUEST_CODE = 80877103;
    private static final int AUTH_OK = 0;
    private static final int AUTH_CLEARTEXT = 3;
    private static final int AUTH_MD5 = 5;

    private enum State { FIRST_CLIENT_MESSAGE, SSL_ANSWER, MESSAGE_HEADER, AUTH_CODE, SKIP_BODY, DONE }

    private final boolean allowed;
    private final String peer;
    private State state = State.FIRST_CLIENT_MESSAGE;
    private final byte[] header = new byte[8];
    private int have;
    private byte type;
    private long left;

    StartupWatch(boolean allowed, String peer) {
        this.allowed = allowed;
        this.peer = peer;
    }

    /** The client's first 8 bytes tell SSLRequest from StartupMessage. */
    synchronized void fromClient(byte[] bytes, int offset, int length) {
        for (int i = 0; i < length && state == State.FIRST_CLIENT_MESSAGE; i++) {
            header[have++] = bytes[offset + i];
            if (have == 8) {
                have = 0;
                state = intAt(4) == SSL_REQUEST_CODE ? State.SSL_ANSWER : State.MESSAGE_HEADER;
            }
        }
    }

    synchronized void fromServer(byte[] bytes, int offset, int length) throws AdminPasswordGuard.PasswordWithoutTlsRefused {
        for (int i = offset; i < offset + length && state != State.DONE; i++) {
            serverByte(bytes[i]);
        }
    }

    private void serverByte(byte b) throws AdminPasswordGuard.PasswordWithoutTlsRefused {
        switch (state) {
            case FIRST_CLIENT_MESSAGE -> state = State.DONE; // a server that speaks first is not PostgreSQL
            case SSL_ANSWER -> state = b == 'S' ? State.DONE : State.MESSAGE_HEADER;
            case MESSAGE_HEADER -> {
                header[have++] = b;
                if (have == 5) {
                    have = 0;
                    type = header[0];
                    left = (intAt(1) & 0xFFFFFFFFL) - 4;
                    state = type == 'R' && left >= 4 ? State.AUTH_CODE : left > 0 ? State.SKIP_BODY
                            : State.MESSAGE_HEADER;
                }
            }
            case AUTH_CODE -> {
                header[have++] = b;
                if (have == 4) {
                    have = 0;
                    left -= 4;
                    authenticationRequest(intAt(0));
                }
            }
            case SKIP_BODY -> {
                if (--left == 0) {
                    state = State.MESSAGE_HEADER;
                }
            }
            case DONE -> {
            }
        }
    }

    private void authenticationRequest(int code) throws AdminPasswordGuard.PasswordWithoutTlsRefused {
        if (code == AUTH_OK) {
            state = State.DONE;
            return;
        }
        if ((code == AUTH_CLEARTEXT || code == AUTH_MD5) && !allowed) {
            state = State.DONE;
            throw new AdminPasswordGuard.PasswordWithoutTlsRefused("rolegate: the upstream server at " + peer
                    + " asks for the admin password " + (code == AUTH_MD5 ? "as md5" : "in cleartext")
                    + " on a connection without TLS; it was not sent, because whoever answers on that address would"
                    + " receive it. Turn on TLS on the server and set upstream.tls: verify-full (or upstream.rootCert),"
                    + " use scram-sha-256 for this role in pg_hba.conf, or, on a network you trust, set"
                    + " upstream.admin.allowPasswordWithoutTls: true");
        }
        state = left > 0 ? State.SKIP_BODY : State.MESSAGE_HEADER;
    }

    private int intAt(int at) {
        return ((header[at] & 0xFF) << 24) | ((header[at + 1] & 0xFF) << 16) | ((header[at + 2] & 0xFF) << 8)
                | (header[at + 3] & 0xFF);
    }
}
