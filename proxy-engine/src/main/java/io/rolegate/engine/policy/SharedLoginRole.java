package io.rolegate.engine.policy;

import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.directory.DirectoryUser;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One managed login role serves every session of a user, and PostgreSQL 15 memberships are cluster-wide: a role
 * granted for one session can be taken by all of them with {@code SET ROLE}. So all live sessions of a user must
 * be entitled to exactly the same roles. Only database-scoped groups ({@code policies.groups[].databases}) can
 * make two sessions of one user, decided on the same directory answer, differ; then the newer login is refused
 * (decision 0011) rather than ending a session that is in use.
 */
public final class SharedLoginRole {
    private SharedLoginRole() {
    }

    /**
     * Refuses a login entitled to {@code roles} when a live session of the same user ({@code others}, each with
     * its own facts) would be entitled to different roles. Sessions that would be refused altogether are left to
     * the re-evaluation, which ends them.
     */
    public static Optional<Decision.Deny> conflict(DirectoryUser user, RequestContext login, Set<String> roles,
                                                   List<RequestContext> others, List<Mapping> mappings,
                                                   PolicyRules rules) {
        for (RequestContext other : others) {
            if (PolicyEngine.decide(user, other, mappings, rules) instanceof Decision.Allow allow
                    && !allow.roles().equals(roles)) {
                Set<String> differ = new TreeSet<>(roles);
                differ.addAll(allow.roles());
                Set<String> both = new TreeSet<>(roles);
                both.retainAll(allow.roles());
                differ.removeAll(both);
                String who = PolicyEngine.quoted(user.username());
                String here = PolicyEngine.quoted(login.database());
                String there = PolicyEngine.quoted(other.database());
                return Optional.of(PolicyEngine.deny(DenyReason.ROLES_DIFFER_FROM_OTHER_SESSION, "user " + who
                        + " has a session on database " + there + ", where their groups give other roles than on "
                        + here + " (" + String.join(", ", differ) + "); all sessions of a user share one login role,"
                        + " so end the session on " + there + " first", "roles on " + login.database() + " "
                        + roles + " differ from roles on " + other.database() + " " + allow.roles()
                        + " of a live session"));
            }
        }
        return Optional.empty();
    }
}
