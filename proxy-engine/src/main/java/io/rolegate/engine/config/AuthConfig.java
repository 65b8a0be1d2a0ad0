package io.rolegate.engine.config;

/** {@code auth:} the mode, and (directory mode) an optional client-certificate mapping; null = passwords only. */
public record AuthConfig(AuthMode mode, ClientCertificateConfig clientCertificate) {
    public AuthConfig(AuthMode mode) {
        this(mode, null);
    }

    public static AuthConfig defaults() {
        return new AuthConfig(AuthMode.PASSTHROUGH);
    }
}
