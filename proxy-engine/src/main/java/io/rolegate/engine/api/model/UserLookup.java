package io.rolegate.engine.api.model;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** A user looked up in the directory without a password (the console's directory view): found, or why not. */
public sealed interface UserLookup permits UserLookup.Found, UserLookup.NoSuchUser, UserLookup.DirectoryUnavailable {

    /**
     * The user, whatever their account state.
     *
     * @param dn         the user's entry
     * @param username   value of {@code usernameAttribute}; the Postgres login role name
     * @param attributes attributes read from the entry, names case-insensitive
     * @param status     whether the directory lets the account log in
     * @param reason     human text naming the attribute that decided it; empty for a usable account
     * @param since      when the condition began (lock time, expiry time), when the directory says
     * @param groups     every group the user is in, nested ones included, each once with its shortest path
     */
    record Found(String dn, String username, Map<String, List<String>> attributes, AccountStatus status,
                 String reason, Optional<Instant> since, List<Membership> groups) implements UserLookup {
        public Found {
            Objects.requireNonNull(dn, "dn");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(since, "since");
            TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            attributes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            attributes = Collections.unmodifiableMap(copy);
            groups = List.copyOf(groups);
        }

        public boolean usable() {
            return status == AccountStatus.USABLE;
        }
    }

    /** No entry for this login name (none, or several, which is a directory error Rolegate refuses to guess on). */
    record NoSuchUser(String username, String detail) implements UserLookup {
    }

    /** No directory server could answer. */
    record DirectoryUnavailable(String cause) implements UserLookup {
    }

    /**
     * A group the user belongs to, and how.
     *
     * @param dn          the group
     * @param path        the chain from this group down to the group the user is directly in: {@code [dba,
     *                    data-team]} means "member of dba via data-team"; a direct membership has a path of one
     * @param explanation {@code cn=dba via cn=data-team}: RDNs only
     */
    record Membership(String dn, List<String> path, String explanation) {
        public Membership {
            Objects.requireNonNull(dn, "dn");
            path = List.copyOf(path);
            Objects.requireNonNull(explanation, "explanation");
        }
    }
}
