package io.rolegate.engine.config;

import java.nio.file.Path;

/**
 * TLS towards clients. Either a PEM {@code certificate} and {@code key}, or {@code selfSigned: true} (a certificate
 * generated on demand and kept in the data directory). Mode {@code off} answers 'N' to SSLRequest; {@code optional}
 * accepts both; {@code required} refuses plain-TCP startups (a CancelRequest is still accepted on plain TCP).
 * {@code clientCa}: PEM CA certificate(s); set, clients may present a certificate, verified against it.
 * {@code clientCrl}: certificate revocation lists (PEM or DER) for those CAs, as PostgreSQL's ssl_crl_file.
 */
public record ListenTlsConfig(ListenTlsMode mode, Path certificate, Path key, boolean selfSigned, Path clientCa,
                              Path clientCrl) {
    /** Without client certificates. */
    public ListenTlsConfig(ListenTlsMode mode, Path certificate, Path key, boolean selfSigned) {
        this(mode, certificate, key, selfSigned, null, null);
    }

    public ListenTlsConfig(ListenTlsMode mode, Path certificate, Path key, boolean selfSigned, Path clientCa) {
        this(mode, certificate, key, selfSigned, clientCa, null);
    }

    public ListenTlsConfig withClientCa(Path ca) {
        return new ListenTlsConfig(mode, certificate, key, selfSigned, ca, clientCrl);
    }

    public ListenTlsConfig withClientCrl(Path crl) {
        return new ListenTlsConfig(mode, certificate, key, selfSigned, clientCa, crl);
    }

    public static ListenTlsConfig defaults() {
        return new ListenTlsConfig(ListenTlsMode.OFF, null, null, false);
    }

    public boolean enabled() {
        return mode != ListenTlsMode.OFF;
    }
}
