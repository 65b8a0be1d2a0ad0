package io.rolegate.engine.protocol;

/** The SQLSTATE codes the proxy itself raises (the server's own errors are relayed untouched). */
public final class SqlState {
    /** Rejected before authentication: TLS required, source address not allowed. */
    public static final String CONNECTION_REJECTED = "08004";
    /** Upstream unreachable, directory unavailable, startup timeout. */
    public static final String CONNECTION_FAILURE = "08006";
    public static final String PROTOCOL_VIOLATION = "08P01";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    /** Not allowed: no mapped role, account disabled, policy. */
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String INVALID_PASSWORD = "28P01";
    public static final String TOO_MANY_CONNECTIONS = "53300";
    /** Terminated by an administrator, a revocation or shutdown. */
    public static final String ADMIN_SHUTDOWN = "57P01";
    public static final String INTERNAL_ERROR = "XX000";
    /** The store's disk is full: a login's audit record cannot be written. */
    public static final String DISK_FULL = "53100";
    /** The store cannot be written for another reason (down, read-only, I/O error). */
    public static final String SYSTEM_ERROR = "58000";

    private SqlState() {
    }
}
