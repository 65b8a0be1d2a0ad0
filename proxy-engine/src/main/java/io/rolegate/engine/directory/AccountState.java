package io.rolegate.engine.directory;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a directory account may log in, and if not, why in words a DBA understands.
 *
 * @param status what the directory says about the account
 * @param reason human text naming the attribute that decided it; empty for a usable account
 * @param since  when the condition began (lock time, expiry time), when the directory says
 */
public record AccountState(Status status, String reason, Optional<Instant> since) {

    public enum Status { USABLE, DISABLED, EXPIRED, LOCKED, DENIED_BY_FILTER, UNREADABLE }

    private static final AccountState USABLE = new AccountState(Status.USABLE, "", Optional.empty());

    public AccountState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }

    public static AccountState usable() {
        return USABLE;
    }

    public static AccountState unusable(Status status, String reason, Instant since) {
        if (status == Status.USABLE) {
            throw new IllegalArgumentException("an unusable state needs a status other than USABLE");
        }
        return new AccountState(status, reason, Optional.ofNullable(since));
    }

    public boolean isUsable() {
        return status == Status.USABLE;
    }
}
