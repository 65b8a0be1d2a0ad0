package io.rolegate.engine.config;

/** How much of each statement a session's audit keeps. Ordered from least to most revealing. */
public enum CaptureMode {
    /** No statement is recorded. */
    OFF,
    /** The statement's shape: every literal replaced by {@code ?} (strings, numbers, dollar-quoted text). */
    REDACTED,
    /** The statement as the client sent it, literals included: it may hold personal data or secrets. */
    FULL
}
