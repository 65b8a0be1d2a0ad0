package io.rolegate.engine.api.model;

/** What the directory says about an account: whether it may log in, and if not, which kind of refusal. */
public enum AccountStatus {
    USABLE, DISABLED, EXPIRED, LOCKED, DENIED_BY_FILTER, UNREADABLE
}
