package io.rolegate.engine.provisioning;

import java.util.Set;

/**
 * What the server says about one role.
 *
 * @param managedGeneration the password generation in Rolegate's marker comment; 0 when the role is not managed
 */
public record RoleState(String name, boolean exists, boolean canLogin, int managedGeneration, Set<String> memberOf) {
    public static RoleState absent(String name) {
        return new RoleState(name, false, false, 0, Set.of());
    }

    public boolean managed() {
        return managedGeneration > 0;
    }
}
