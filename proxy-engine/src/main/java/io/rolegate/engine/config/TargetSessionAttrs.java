package io.rolegate.engine.config;

/**
 * Which of the {@code upstream.hosts} a connection may use, as libpq's {@code target_session_attrs}: hosts are
 * tried in order and the first that fits is used. The server says what it is at login (PostgreSQL 14 and later
 * report {@code in_hot_standby} and {@code default_transaction_read_only}); {@code prefer-standby} tries every
 * host for a standby first, then takes any.
 */
public enum TargetSessionAttrs {
    ANY,
    READ_WRITE,
    READ_ONLY,
    PRIMARY,
    STANDBY,
    PREFER_STANDBY;

    /**
     * True when a server that reported these values fits; {@code inHotStandby} null: the server did not say (before
     * PostgreSQL 14), which fits only {@link #ANY} and the second round of {@link #PREFER_STANDBY}.
     *
     * @param secondRound for {@link #PREFER_STANDBY}: no standby was found among all hosts, any will do
     */
    public boolean fits(Boolean inHotStandby, boolean defaultReadOnly, boolean secondRound) {
        if (this == ANY || (this == PREFER_STANDBY && secondRound)) {
            return true;
        }
        if (inHotStandby == null) {
            return false;
        }
        return switch (this) {
            case READ_WRITE -> !inHotStandby && !defaultReadOnly;
            case READ_ONLY -> inHotStandby || defaultReadOnly;
            case PRIMARY -> !inHotStandby;
            case STANDBY, PREFER_STANDBY -> inHotStandby;
            case ANY -> true;
        };
    }

    /** True when only a server that accepts writes fits: provisioning needs one. */
    public boolean needsWrites() {
        return this == READ_WRITE || this == PRIMARY;
    }

    /** Hosts are tried a second time, for any server, when the first round found none that fits. */
    public boolean hasSecondRound() {
        return this == PREFER_STANDBY;
    }

    /** The spelling in the configuration file and in libpq: {@code prefer-standby}. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
