package io.rolegate.engine.api.model;

import java.time.Instant;

/**
 * Where a protocol trace stands.
 *
 * @param sessionId  the traced session
 * @param startedBy  the auditor who started it
 * @param started    when it started
 * @param running    false once it stopped
 * @param stopReason why it stopped ("stopped by carol", "time limit (10m)", "the session ended"); null while running
 * @param traced     lines traced since the start
 * @param kept       lines in the buffer now
 * @param dropped    oldest lines dropped to stay within the limits
 * @param lastSeq    the newest line's number (0 before the first)
 */
public record TraceStatus(long sessionId, String startedBy, Instant started, boolean running, String stopReason,
                          long traced, int kept, long dropped, long lastSeq) {
}
