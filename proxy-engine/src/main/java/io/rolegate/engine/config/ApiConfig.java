package io.rolegate.engine.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code api:} the remote admin API (the facade over HTTPS, decision "remote admin API"). Off unless the section is
 * present; always TLS: either a PEM {@code certificate} and {@code key}, or {@code selfSigned: true} (the engine's
 * self-signed certificate in the data directory, for the demo and trials). {@code clientCa} set: every caller must
 * present a client certificate issued by one of those CAs before any HTTP is read.
 *
 * @param tokenLifetime how long a login's bearer token is good for, counted from the login (not sliding)
 */
public record ApiConfig(boolean enabled, String host, int port, Path certificate, Path key, boolean selfSigned,
                        Path clientCa, Duration tokenLifetime) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9443;
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(15);

    public static ApiConfig disabled() {
        return new ApiConfig(false, DEFAULT_HOST, DEFAULT_PORT, null, null, false, null, DEFAULT_TOKEN_LIFETIME);
    }

    /** On, at {@code port} of the loopback interface, with the given PEM certificate and key. */
    public static ApiConfig loopback(int port, Path certificate, Path key) {
        return new ApiConfig(true, DEFAULT_HOST, port, certificate, key, false, null, DEFAULT_TOKEN_LIFETIME);
    }

    public ApiConfig withClientCa(Path ca) {
        return new ApiConfig(enabled, host, port, certificate, key, selfSigned, ca, tokenLifetime);
    }

    public ApiConfig withTokenLifetime(Duration d) {
        return new ApiConfig(enabled, host, port, certificate, key, selfSigned, clientCa, d);
    }
}
