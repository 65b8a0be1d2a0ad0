package io.rolegate.console.directory;

import io.rolegate.engine.api.model.DirectoryGroup;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One line of the group tree: an organizational unit (no group) or a group with its member count and the roles it
 * maps to, directly and through the groups it is nested in.
 *
 * @param group     null for an OU or a heading
 * @param inherited roles its members get through a group it is nested in, each with that group's name
 */
public record GroupNode(String label, DirectoryGroup group, Set<String> roles, Map<String, String> inherited,
                        List<GroupNode> children) {
    public GroupNode {
        roles = Set.copyOf(roles);
        inherited = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(inherited));
        children = List.copyOf(children);
    }

    public GroupNode(String label, DirectoryGroup group, Set<String> roles, List<GroupNode> children) {
        this(label, group, roles, Map.of(), children);
    }

    public static GroupNode heading(String label, List<GroupNode> children) {
        return new GroupNode(label, null, Set.of(), children);
    }

    public boolean isGroup() {
        return group != null;
    }

    /** "dba · 2 members → dba_role", "data-team · 1 member → dba_role (via dba)": what the tree cell says. */
    public String text() {
        if (group == null) {
            return label;
        }
        int n = group.memberCount();
        String members = n + (n == 1 ? " member" : " members");
        String access = effectiveRoles();
        return label + " · " + members + (access.isEmpty() ? "" : " → " + access);
    }

    /** Every role the group's members get through it: "dba_role", "dba_role (via dba)"; empty when none. */
    public String effectiveRoles() {
        List<String> all = new java.util.ArrayList<>(roles.stream().sorted().toList());
        inherited.forEach((role, via) -> {
            if (!roles.contains(role)) {
                all.add(role + " (via " + via + ")");
            }
        });
        return String.join(", ", all);
    }
}
