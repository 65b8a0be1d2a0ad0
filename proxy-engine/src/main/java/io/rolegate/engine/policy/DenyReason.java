package io.rolegate.engine.policy;

/** Why a login was refused, with the SQLSTATE the client sees. */
public enum DenyReason {
    /** Refused before any directory work: wrong network. */
    SOURCE_NOT_ALLOWED("08004"),
    WRONG_PASSWORD("28P01"),
    ACCOUNT_NOT_USABLE("28000"),
    USER_FILTER("28000"),
    OUTSIDE_TIME_WINDOW("28000"),
    NO_MAPPED_ROLE("28000"),
    DATABASE_NOT_ALLOWED("28000"),
    /** A live session of the same user on another database is entitled to other roles (database-scoped groups). */
    ROLES_DIFFER_FROM_OTHER_SESSION("28000"),
    TOO_MANY_SESSIONS("53300"),
    DIRECTORY_UNAVAILABLE("08006");

    private final String sqlState;

    DenyReason(String sqlState) {
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
