package io.rolegate.console.mapping;

import java.util.List;
import java.util.Optional;

/** "Map to role…": asks which role a group should be mapped to; a test answers for the person. */
@FunctionalInterface
public interface RoleChooser {
    /** Nobody to ask (view-model tests that never map from the keyboard). */
    RoleChooser NONE = (group, roles) -> Optional.empty();

    /**
     * @param group the group's name, for the question
     * @param roles the roles it may be mapped to now, in the order the role cards show them
     * @return the chosen role, empty when cancelled. Called on the UI thread.
     */
    Optional<String> choose(String group, List<String> roles);
}
