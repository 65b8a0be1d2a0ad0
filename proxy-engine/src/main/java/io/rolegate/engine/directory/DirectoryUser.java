package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who a login is, according to the directory: immutable, safe to cache and to hand between threads.
 *
 * @param dn           the user's entry
 * @param username     value of {@code usernameAttribute}; becomes the Postgres login role name
 * @param attributes   attributes read from the entry, names case-insensitive
 * @param accountState whether the directory lets the account log in
 * @param groups       every group the user is in, nested ones included, each once with its shortest path
 * @param entryId      the entry's stable identity ({@link EntryIds}): what the login cache, the outage grace and
 *                     the entry's managed role are keyed on, never the name the client typed
 */
public record DirectoryUser(DN dn, String username, Map<String, List<String>> attributes,
                            AccountState accountState, List<ResolvedGroup> groups, String entryId) {

    public DirectoryUser {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(accountState, "accountState");
        entryId = entryId == null ? EntryIds.ofDn(dn) : entryId;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        attributes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        attributes = Collections.unmodifiableMap(copy);
        groups = List.copyOf(groups);
    }

    /** A user whose entry id is its normalized DN (tests, and directories that offer no stable id). */
    public DirectoryUser(DN dn, String username, Map<String, List<String>> attributes, AccountState accountState,
                         List<ResolvedGroup> groups) {
        this(dn, username, attributes, accountState, groups, null);
    }

    /** The entry as the SDK models it, for evaluating filters against the user (attribute policies). */
    public Entry toEntry() {
        Entry entry = new Entry(dn);
        attributes.forEach((name, values) -> entry.addAttribute(name, values.toArray(String[]::new)));
        return entry;
    }

    /** The membership in {@code groupDn}, compared as DNs (case and spacing do not matter). */
    public Optional<ResolvedGroup> group(DN groupDn) {
        return groups.stream().filter(g -> g.dn().equals(groupDn)).findFirst();
    }

    public DirectoryUser withAccountState(AccountState state) {
        return new DirectoryUser(dn, username, attributes, state, groups, entryId);
    }
}
