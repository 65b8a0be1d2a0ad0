package io.rolegate.engine.provisioning;

import java.util.Set;

/**
 * Told when a managed login role stopped being a member of roles it held, whoever asked for it (a login, a
 * re-evaluation, a mapping change). PostgreSQL does not re-check a role a session already took with
 * {@code SET ROLE}, so whatever runs as the login role must end for the loss to take effect.
 */
@FunctionalInterface
public interface RolesLost {
    RolesLost NONE = (loginRole, lost) -> { };

    /** Blocking allowed (worker threads only); called after the REVOKE committed, outside the role's lock. */
    void lost(String loginRole, Set<String> lost);
}
