package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.util.StaticUtils;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;

import static io.rolegate.engine.directory.AccountState.Status.DENIED_BY_FILTER;
import static io.rolegate.engine.directory.AccountState.Status.DISABLED;
import static io.rolegate.engine.directory.AccountState.Status.EXPIRED;
import static io.rolegate.engine.directory.AccountState.Status.LOCKED;
import static io.rolegate.engine.directory.AccountState.Status.UNREADABLE;

/**
 * Account state as a pure function of the user entry, the current time, the flavour and the admin's deny filter.
 * A value that cannot be read fails closed ({@code UNREADABLE}): a garbled lock attribute must not let anyone in.
 */
public final class AccountStateEvaluator {
    /** Attributes this evaluator reads; request them whenever a user entry is fetched. */
    public static final String[] ATTRIBUTES = {
            "userAccountControl", "accountExpires", "lockoutTime", "pwdAccountLockedTime", "nsAccountLock"};

    static final int UAC_ACCOUNTDISABLE = 0x2;
    static final long AD_NEVER = 0x7FFF_FFFF_FFFF_FFFFL;
    /** ppolicy's marker for "locked by an administrator until unlocked", not a point in time. */
    static final String PPOLICY_LOCKED_FOR_GOOD = "000001010000Z";
    /** Seconds between 1601-01-01 (the Windows FILETIME epoch) and 1970-01-01. */
    private static final long FILETIME_EPOCH_OFFSET_SECONDS = 11_644_473_600L;

    private AccountStateEvaluator() {
    }

    public static AccountState evaluate(Entry entry, Instant now, DirectoryFlavour flavour, Filter denyFilter) {
        AccountState state = AccountState.usable();
        if (flavour == DirectoryFlavour.ACTIVE_DIRECTORY || flavour == DirectoryFlavour.GENERIC) {
            state = firstUnusable(state, activeDirectory(entry, now));
        }
        if (flavour == DirectoryFlavour.OPENLDAP || flavour == DirectoryFlavour.GENERIC) {
            state = firstUnusable(state, passwordPolicy(entry, now));
        }
        if (flavour == DirectoryFlavour.DS389 || flavour == DirectoryFlavour.GENERIC) {
            state = firstUnusable(state, nsAccountLock(entry));
        }
        return firstUnusable(state, denyFilter(entry, denyFilter));
    }

    private static AccountState firstUnusable(AccountState current, AccountState next) {
        return current.isUsable() ? next : current;
    }

    static AccountState activeDirectory(Entry entry, Instant now) {
        String uac = entry.getAttributeValue("userAccountControl");
        if (uac != null) {
            try {
                if ((Long.parseLong(uac.trim()) & UAC_ACCOUNTDISABLE) != 0) {
                    return AccountState.unusable(DISABLED, "account is disabled (userAccountControl " + uac + ")", null);
                }
            } catch (NumberFormatException e) {
                return unreadable("userAccountControl", uac);
            }
        }
        String expires = entry.getAttributeValue("accountExpires");
        if (expires != null) {
            try {
                long ticks = Long.parseLong(expires.trim());
                if (ticks != 0 && ticks != AD_NEVER) {
                    Instant at = fromFileTime(ticks);
                    if (!now.isBefore(at)) {
                        return AccountState.unusable(EXPIRED, "account expired at " + at + " (accountExpires)", at);
                    }
                }
            } catch (NumberFormatException e) {
                return unreadable("accountExpires", expires);
            }
        }
        String lockout = entry.getAttributeValue("lockoutTime");
        if (lockout != null) {
            try {
                long ticks = Long.parseLong(lockout.trim());
                // AD clears lockoutTime only at the next successful logon after the lockout duration; a non-zero
                // value is treated as locked, which fails closed for accounts whose lockout already lapsed.
                if (ticks != 0) {
                    Instant at = fromFileTime(ticks);
                    return AccountState.unusable(LOCKED, "account is locked out since " + at + " (lockoutTime)", at);
                }
            } catch (NumberFormatException e) {
                return unreadable("lockoutTime", lockout);
            }
        }
        return AccountState.usable();
    }

    static AccountState passwordPolicy(Entry entry, Instant now) {
        String locked = entry.getAttributeValue("pwdAccountLockedTime");
        if (locked == null) {
            return AccountState.usable();
        }
        if (locked.trim().equals(PPOLICY_LOCKED_FOR_GOOD)) {
            return AccountState.unusable(LOCKED,
                    "account is locked by an administrator until unlocked (pwdAccountLockedTime)", null);
        }
        try {
            Instant at = StaticUtils.decodeGeneralizedTime(locked.trim()).toInstant();
            // A lock time in the future has not begun yet.
            if (now.isBefore(at)) {
                return AccountState.usable();
            }
            return AccountState.unusable(LOCKED, "account is locked since " + at + " (pwdAccountLockedTime)", at);
        } catch (ParseException e) {
            return unreadable("pwdAccountLockedTime", locked);
        }
    }

    static AccountState nsAccountLock(Entry entry) {
        String lock = entry.getAttributeValue("nsAccountLock");
        if (lock != null && lock.trim().equalsIgnoreCase("true")) {
            return AccountState.unusable(LOCKED, "account is locked (nsAccountLock=TRUE)", null);
        }
        return AccountState.usable();
    }

    static AccountState denyFilter(Entry entry, Filter denyFilter) {
        if (denyFilter == null) {
            return AccountState.usable();
        }
        try {
            if (denyFilter.matchesEntry(entry)) {
                return AccountState.unusable(DENIED_BY_FILTER,
                        "account matches the administrator's deny filter " + denyFilter, null);
            }
            return AccountState.usable();
        } catch (LDAPException e) {
            // The filter cannot be evaluated locally (e.g. an extensible match): fail closed and say why.
            return AccountState.unusable(UNREADABLE, "deny filter " + denyFilter + " cannot be evaluated: "
                    + e.getDiagnosticMessage(), null);
        }
    }

    /** Windows FILETIME: 100-nanosecond ticks since 1601-01-01T00:00:00Z. */
    static Instant fromFileTime(long ticks) {
        long seconds = Math.floorDiv(ticks, 10_000_000L) - FILETIME_EPOCH_OFFSET_SECONDS;
        long nanos = Math.floorMod(ticks, 10_000_000L) * 100L;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    static long toFileTime(Instant instant) {
        Duration sinceEpoch = Duration.ofSeconds(instant.getEpochSecond() + FILETIME_EPOCH_OFFSET_SECONDS,
                instant.getNano());
        return sinceEpoch.getSeconds() * 10_000_000L + sinceEpoch.getNano() / 100L;
    }

    private static AccountState unreadable(String attribute, String value) {
        return AccountState.unusable(UNREADABLE, "cannot read " + attribute + " value '" + value + "'", null);
    }
}
