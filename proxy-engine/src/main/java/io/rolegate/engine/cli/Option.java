package io.rolegate.engine.cli;

/**
 * One {@code --option} the runner understands.
 *
 * @param valueName placeholder shown in help ({@code FILE}); null for a flag that takes no value
 */
record Option(String name, String valueName, String description) {
    static final Option CONFIG = new Option("--config", "FILE", "YAML configuration file (default: built-in defaults)");
    static final Option DATA_DIR = new Option("--data-dir", "DIR",
            "data directory (default: $ROLEGATE_DATA_DIR, else ~/.rolegate)");
    static final Option HELP = new Option("--help", null, "show this help and exit (also -h)");
    static final Option VERSION = new Option("--version", null, "print the version and exit");
    static final Option FORMAT = new Option("--format", "jsonl|csv", "audit export: JSON Lines or CSV (RFC 4180)");
    static final Option SINCE = new Option("--since", "TIME",
            "from this time on (ISO-8601: 2026-11-24T08:00:00Z, 2026-11-24T09:00+01:00, or a UTC date 2026-11-24)");
    static final Option UNTIL = new Option("--until", "TIME", "before this time (same forms as --since)");
    static final Option USER = new Option("--user", "NAME", "only records of this client user name");
    static final Option OUTPUT = new Option("--output", "FILE", "write to FILE (readable by you only) instead of stdout");
    static final Option LIVE = new Option("--live", null,
            "sessions: every node's live sessions now, from the shared store of --config");
    static final Option LIMIT = new Option("--limit", "N", "at most N rows (sessions: default 100)");
    static final Option COMMENT = new Option("--comment", "TEXT", "why the configuration changes (kept in history)");
    static final Option AUTHOR = new Option("--author", "NAME",
            "who changes the configuration (default: the operating-system user)");
    static final Option KEEP = new Option("--keep", "N", "audit retain: keep the newest N records");
    static final Option OLDER_THAN = new Option("--older-than", "DAYS",
            "audit retain: delete records older than this many days");
    static final Option ANCHORS = new Option("--anchors", "FILE",
            "audit verify: the checkpoint file (default: $ROLEGATE_AUDIT_ANCHORS, else audit-anchors.jsonl in the"
                    + " data directory)");
    static final Option FROM_STORE = new Option("--from-store", null,
            "config export: the latest version saved in the store (the data directory's, or the one --config FILE names)");

    static final Option URL = new Option("--url", "URL", "admin: the engine's admin API, https://HOST:PORT");
    static final Option CA = new Option("--ca", "FILE",
            "admin: PEM CA certificate to verify the API's certificate with (default: the system's trust store)");
    static final Option USERNAME = new Option("--username", "NAME",
            "admin login: your directory login name (default: $USER)");
    static final Option REASON = new Option("--reason", "TEXT", "admin disconnect: why (the client's error says it)");
    static final Option NODE = new Option("--node", "NAME",
            "admin disconnect, admin cancel: the node the session lives on (default: the engine you are attached to)");

    static final Option FOR = new Option("--for", "DURATION",
            "admin trace: stop after this long (30s, 5m, 1h; default 60s)");
    static final Option MAX_MESSAGES = new Option("--max-messages", "N", "admin trace: stop after N messages");
    static final Option OUT = new Option("--out", "FILE.jsonl",
            "admin trace, admin recording: write JSON Lines to FILE (readable by you only) instead of a table");
    static final Option ROLE = new Option("--role", "ROLE", "admin recordings: sessions that held this role");
    static final Option TEXT = new Option("--text", "TEXT",
            "admin recordings: sessions with a statement containing TEXT (any case)");
    static final Option SQLSTATE = new Option("--sqlstate", "CODE",
            "admin recordings: sessions with a statement that failed with CODE (two characters: its class)");

    boolean takesValue() {
        return valueName != null;
    }
}
