package io.rolegate.console.directory;

import io.rolegate.engine.api.model.DirectoryGroup;

import java.util.List;
import java.util.Set;

/**
 * One line of the group tree: an organizational unit (no group) or a group with its member count and the roles it
 * maps to.
 *
 * @param group null for an OU or a heading
 */
public record GroupNode(String label, DirectoryGroup group, Set<String> roles, List<GroupNode> children) {
    public GroupNode {
        roles = Set.copyOf(roles);
        children = List.copyOf(children);
    }

    public static GroupNode heading(String label, List<GroupNode> children) {
        return new GroupNode(label, null, Set.of(), children);
    }

    public boolean isGroup() {
        return group != null;
    }

    /** "dba · 2 members → dba_role": what the tree cell says. */
    public String text() {
        if (group == null) {
            return label;
        }
        int n = group.memberCount();
        String members = n + (n == 1 ? " member" : " members");
        return label + " · " + members + (roles.isEmpty() ? "" : " → " + String.join(", ", roles));
    }
}
