package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Secret;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One item of {@code exports:}: a receiver that gets every committed audit event, at least once.
 *
 * @param name           the exporter's name, which keys its durable cursor in the store; by default the type and
 *                       the destination, so reordering the list does not send everything again
 * @param type           syslog, webhook or otlp
 * @param target         {@code tcp://host:port} (syslog), the https URL (webhook), the collector's base URL (otlp)
 * @param tls            syslog only: TLS (RFC 5425) verifying the receiver's certificate; webhook and OTLP follow
 *                       the URL's scheme
 * @param facility       syslog only: the facility code (10, authpriv, by default)
 * @param ca             PEM file of the CA certificates the receiver's certificate must chain to; null: the JDK's
 *                       trusted roots
 * @param secret         webhook only: the HMAC-SHA256 key that signs each body
 * @param batchSize      at most this many events per send
 * @param timeout        connect and acknowledgement time limit of one send
 * @param maxBackoff     the longest wait between attempts while the receiver fails (doubling from 1 s)
 * @param warnLagRecords log a warning when more unsent records than this wait
 * @param warnLagAge     log a warning when the oldest unsent record is older than this
 * @param secretSource   where the secret was read from, written back by an export instead of its value: the
 *                       variable's name, or {@code file:} and the path; null when unknown
 */
public record ExportConfig(String name, Type type, URI target, boolean tls, int facility, Path ca, Secret secret,
                           int batchSize, Duration timeout, Duration maxBackoff, long warnLagRecords,
                           Duration warnLagAge, String secretSource) {

    public enum Type { SYSLOG, WEBHOOK, OTLP }

    public static final int DEFAULT_FACILITY = 10;
    public static final int DEFAULT_BATCH = 100;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
    public static final long DEFAULT_WARN_RECORDS = 10_000;
    public static final Duration DEFAULT_WARN_AGE = Duration.ofMinutes(5);

    /** Without a known secret source (an export writes the default variable). */
    public ExportConfig(String name, Type type, URI target, boolean tls, int facility, Path ca, Secret secret,
                        int batchSize, Duration timeout, Duration maxBackoff, long warnLagRecords,
                        Duration warnLagAge) {
        this(name, type, target, tls, facility, ca, secret, batchSize, timeout, maxBackoff, warnLagRecords,
                warnLagAge, null);
    }

    public ExportConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        secret = secret == null ? Secret.empty() : secret;
    }

    /** Where events go, as a person reads it (never with the secret). */
    public String destination() {
        return type == Type.SYSLOG ? target + (tls ? " (TLS)" : "") : target.toString();
    }

    /** The default name: type and destination, e.g. {@code syslog tcp://siem.example.org:6514}. */
    static String defaultName(Type type, URI target) {
        return type.name().toLowerCase(java.util.Locale.ROOT) + " " + target;
    }
}
