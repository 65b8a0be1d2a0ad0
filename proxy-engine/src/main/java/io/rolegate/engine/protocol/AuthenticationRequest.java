package io.rolegate.engine.protocol;

/** The request code at the start of an Authentication ('R') body: what the server asks the client to do. */
public enum AuthenticationRequest {
    OK(BackendMessages.AUTH_OK),
    KERBEROS_V5(2),
    CLEARTEXT_PASSWORD(BackendMessages.AUTH_CLEARTEXT),
    MD5_PASSWORD(BackendMessages.AUTH_MD5),
    GSS(7),
    GSS_CONTINUE(8),
    SSPI(9),
    /** Followed by the mechanisms the server offers, each NUL-terminated, then one more NUL. */
    SASL(BackendMessages.AUTH_SASL),
    SASL_CONTINUE(BackendMessages.AUTH_SASL_CONTINUE),
    SASL_FINAL(BackendMessages.AUTH_SASL_FINAL);

    private final int code;

    AuthenticationRequest(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The request a code stands for, or null for one PostgreSQL does not define (it is relayed as it is). */
    public static AuthenticationRequest find(int code) {
        for (AuthenticationRequest r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
