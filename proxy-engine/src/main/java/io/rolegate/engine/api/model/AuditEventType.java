package io.rolegate.engine.api.model;

/** What happened. Stored by name, so constants may be added but never renamed: old records must still read. */
public enum AuditEventType {
    CONNECTION_ACCEPTED,
    CONNECTION_REJECTED,
    TLS_ESTABLISHED,
    AUTH_SUCCEEDED,
    AUTH_FAILED,
    ACCESS_DECIDED,
    PROVISIONED,
    SESSION_ENDED,
    ADMIN_ACTION,
    CONFIG_CHANGED,
    MAPPING_CHANGED,
    REVOCATION,
    WATCHER_HEALTH,
    RETENTION_CUT,
    /** A statement's text, captured per policy (policies.captureQueries). */
    QUERY,
    /** Statements that were not captured because the store fell behind; the count is in the details. */
    QUERY_CAPTURE_DROPPED,
    /** A person logged in to the console with their directory account; the level and why are in the message. */
    CONSOLE_LOGIN,
    /** A console login was refused: wrong password, not in a console group, account not usable, no directory. */
    CONSOLE_LOGIN_REFUSED,
    /** A console action was refused by the engine: who, what, and why are in the message and details. */
    CONSOLE_ACTION_REFUSED,
    /** A console user logged out or locked the console; their handle on the engine is gone. */
    CONSOLE_LOGOUT,
    /** The engine started after an unclean stop (killed, out of memory, machine down) and reconciled its roles. */
    ENGINE_RECOVERED,
    /**
     * A running engine took a new latest configuration version: the keys applied at once and the keys that wait for
     * a restart are in the details. One record per version per engine.
     */
    CONFIG_APPLIED,
    /** A running engine refused a new latest configuration version (it does not load); nothing changed. */
    CONFIG_REFUSED,
    /** An auditor read or exported session recordings (policies.record): who, and what they asked for. */
    RECORDING_READ,
    /** Statements of recorded sessions that were not recorded because the store fell behind; count in details. */
    RECORDING_DROPPED,
    /**
     * A protocol trace of a session was started, stopped or exported (details: action, and who for a person's act;
     * a trace that stopped by itself names the engine and the reason).
     */
    SESSION_TRACE,
    /**
     * Retention removed audit records before an exporter had delivered them (exports: in the configuration): which
     * exporter and which sequences are in the details. The event itself is exported, so the SIEM sees the gap.
     */
    EXPORT_GAP,
    /**
     * Which configuration an engine runs at start (decision 0032): its file, changed since the data directory last
     * started with it (saved as a new version; the message names any versions it overrides), or the store's latest
     * version. Details: source (file or store), version, record (found, missing, unreadable), overridden.
     */
    CONFIG_AT_START,
    /**
     * Somebody exported audit records (the console's Export…, {@code GET /api/v1/audit/export}): who, the filter
     * (range, user, types, text), the format, how many records, and where to — the file's name for the console,
     * "API" with the client's address for the admin API. A failed export is recorded too (outcome failed, why).
     */
    AUDIT_EXPORTED
}
