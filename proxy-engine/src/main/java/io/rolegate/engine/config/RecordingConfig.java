package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Dns;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code policies.record}: which sessions are recorded statement by statement (issue 18 item 2). A session is
 * recorded when its user is in one of {@code groups} (nested membership counts, compared as DNs) or holds one of
 * {@code roles} (a mapped role, or the role it logs in as). Decided once, at login, with the session's own facts;
 * a session that was not recorded from its start is never recorded half-way.
 *
 * @param groups group DNs as written, in file order
 * @param roles  PostgreSQL role names
 */
public record RecordingConfig(List<String> groups, List<String> roles) {

    public RecordingConfig {
        groups = List.copyOf(groups);
        roles = List.copyOf(new TreeSet<>(roles));
        groups.forEach(Dns::parse);
    }

    /** The default: no session is recorded. */
    public static RecordingConfig off() {
        return new RecordingConfig(List.of(), List.of());
    }

    public boolean isOff() {
        return groups.isEmpty() && roles.isEmpty();
    }

    /**
     * Why a session of a user in {@code userGroups} (normalized DNs) holding {@code sessionRoles} is recorded:
     * "member of cn=contractors,…" or "holds role payroll_rw"; empty when it is not.
     */
    public Optional<String> reasonFor(Collection<String> userGroups, Collection<String> sessionRoles) {
        for (String group : groups) {
            if (userGroups.contains(Dns.normalize(group))) {
                return Optional.of("member of " + group);
            }
        }
        for (String role : roles) {
            if (sessionRoles.contains(role)) {
                return Optional.of("holds role " + role);
            }
        }
        return Optional.empty();
    }
}
