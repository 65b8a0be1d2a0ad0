package io.rolegate.engine.api.model;

/**
 * The remote engine's TLS certificate could not be verified (not issued by a trusted CA, wrong host name, or not the
 * pinned one), so the console did not talk to it. The fingerprint is what a person compares with the engine's own
 * ({@code openssl x509 -noout -fingerprint -sha256}) before pinning it; nothing is ever accepted silently.
 */
public final class UntrustedCertificate extends EngineException {
    private final String fingerprint;
    private final String subject;

    public UntrustedCertificate(String message, String fingerprint, String subject, Throwable cause) {
        super(message, cause);
        this.fingerprint = fingerprint;
        this.subject = subject;
    }

    /** SHA-256 of the engine's certificate, as {@code AB:CD:…}; null when the engine sent none. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The certificate's subject, or null. */
    public String subject() {
        return subject;
    }
}
