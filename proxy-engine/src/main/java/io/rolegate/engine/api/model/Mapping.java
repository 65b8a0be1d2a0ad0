package io.rolegate.engine.api.model;

import com.unboundid.ldap.sdk.DN;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Members of a directory group (nested members included) get these Postgres roles.
 *
 * @param groupDn the group, compared as a DN: case and spacing do not matter
 * @param roles   Postgres role names, exactly as in Postgres (case-sensitive)
 */
public record Mapping(String groupDn, Set<String> roles) {

    public Mapping {
        Objects.requireNonNull(groupDn, "groupDn");
        Dns.parse(groupDn);
        roles = Set.copyOf(new TreeSet<>(roles));
        if (roles.isEmpty() || roles.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("mapping for " + groupDn + " needs at least one non-empty role");
        }
    }

    public DN dn() {
        return Dns.parse(groupDn);
    }
}
