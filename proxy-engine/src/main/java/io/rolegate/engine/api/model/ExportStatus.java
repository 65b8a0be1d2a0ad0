package io.rolegate.engine.api.model;

/**
 * One SIEM exporter at one moment, for {@code /metrics} and the logs.
 *
 * @param name         the exporter's name (keys its cursor in the store)
 * @param type         syslog, webhook or otlp
 * @param destination  where it sends, never with a secret
 * @param cursor       the sequence of the last audit record the receiver acknowledged (0: none yet)
 * @param lagRecords   audit records committed but not yet acknowledged
 * @param lagSeconds   age of the oldest record not yet acknowledged; 0 when caught up
 * @param sent         records acknowledged since the engine started (more than once when sent again)
 * @param failures     attempts that failed since the engine started
 * @param failing      whether the last attempt failed
 * @param failureKind  what went wrong last, in one word (tls, connect, timeout, http_401, io, store); null if fine
 * @param lastError    the last failure's message; null while fine
 * @param gaps         records retention removed before this exporter sent them, since the engine started
 */
public record ExportStatus(String name, String type, String destination, long cursor, long lagRecords,
                           double lagSeconds, long sent, long failures, boolean failing, String failureKind,
                           String lastError, long gaps) {
}
