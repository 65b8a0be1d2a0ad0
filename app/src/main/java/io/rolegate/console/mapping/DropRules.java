package io.rolegate.console.mapping;

import io.rolegate.console.login.ConsoleUser;
import io.rolegate.engine.api.model.UpstreamRole;
import io.rolegate.engine.api.model.Dns;

import java.util.Optional;

/**
 * What may be dropped where: the one place the mapping view decides whether a group may land on a role, so the drag
 * feedback, the drop and a test all agree.
 */
public final class DropRules {
    private DropRules() {
    }

    /** Why {@code user} may not change mappings at all; empty when they may. */
    public static Optional<String> readOnly(ConsoleUser user) {
        return user.mayAdminister() ? Optional.empty()
                : Optional.of(user.name() + " is logged in read-only and cannot change mappings");
    }

    /** Why {@code groupDn} may not be mapped to {@code role} by {@code user}; empty when it may. */
    public static Optional<String> refusal(ConsoleUser user, String groupDn, UpstreamRole role) {
        Optional<String> readOnly = readOnly(user);
        if (readOnly.isPresent()) {
            return readOnly;
        }
        if (!Dns.isValid(groupDn)) {
            return Optional.of("\"" + groupDn + "\" is not a directory group");
        }
        if (role.managed()) {
            return Optional.of(role.name() + " is a per-user login role that Rolegate manages; map groups to group"
                    + " roles instead");
        }
        if (role.canLogin()) {
            return Optional.of(role.name() + " can log in by itself; map groups to NOLOGIN group roles, so nobody"
                    + " inherits another login's rights");
        }
        boolean mapped = role.mappedGroups().stream().anyMatch(g -> Dns.same(g, groupDn));
        if (mapped) {
            return Optional.of("that group is already mapped to " + role.name());
        }
        return Optional.empty();
    }
}
