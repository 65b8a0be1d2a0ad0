package io.rolegate.engine.policy;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.api.model.Dns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-group rules: which databases the group's mapped roles may be used in, and session settings (GUCs such as
 * {@code default_transaction_read_only=on}) applied at startup for members of the group.
 *
 * @param groupDn   the group, compared as a DN
 * @param databases databases this group's roles are good for; empty = any database
 * @param settings  Postgres settings for the session, name to value, in the order written
 */
public record GroupRule(String groupDn, Set<String> databases, Map<String, String> settings) {

    public GroupRule {
        Objects.requireNonNull(groupDn, "groupDn");
        Dns.parse(groupDn);
        databases = Set.copyOf(new TreeSet<>(databases == null ? Set.of() : databases));
        Map<String, String> copy = new LinkedHashMap<>();
        (settings == null ? Map.<String, String>of() : settings).forEach((k, v) -> copy.put(
                Objects.requireNonNull(k, "setting name"), Objects.requireNonNull(v, "value of " + k)));
        settings = java.util.Collections.unmodifiableMap(copy);
    }

    public DN dn() {
        return Dns.parse(groupDn);
    }

    /** A null database (re-evaluation of the user as a whole) is allowed: memberships are cluster-wide. */
    public boolean allowsDatabase(String database) {
        return databases.isEmpty() || database == null || databases.contains(database);
    }
}
