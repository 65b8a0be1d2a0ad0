package io.rolegate.engine.config;

import java.nio.file.Path;

/**
 * TLS towards clients. Either a PEM {@code certificate} and {@code key}, or {@code selfSigned: true} (a certificate
 * generated on demand and kept in the data directory). Mode {@code off} answers 'N' to SSLRequest; {@code optional}
 * accepts both; {@code required} refuses plain-TCP startups (a CancelRequest is still accepted on plain TCP).
 */
public record ListenTlsConfig(ListenTlsMode mode, Path certificate, Path key, boolean selfSigned) {
    public static ListenTlsConfig defaults() {
        return new ListenTlsConfig(ListenTlsMode.OFF, null, null, false);
    }

    public boolean enabled() {
        return mode != ListenTlsMode.OFF;
    }
}
