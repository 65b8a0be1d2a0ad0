package io.rolegate.console.directory;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.directory.GroupSummary;
import io.rolegate.engine.api.model.Mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builds the two views of the same groups: by the OU they live in, and by which group contains which. */
public final class GroupTrees {
    private GroupTrees() {
    }

    /** Groups under a heading per containing OU (the parent DN), OUs and groups sorted by name. */
    public static GroupNode byOu(List<GroupSummary> groups, List<Mapping> mappings) {
        Map<String, List<GroupNode>> byParent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (GroupSummary g : sorted(groups)) {
            DN parent = g.dn().getParent();
            String ou = parent == null ? "(top)" : parent.toString();
            byParent.computeIfAbsent(ou, k -> new ArrayList<>()).add(leaf(g, mappings));
        }
        List<GroupNode> ous = new ArrayList<>();
        byParent.forEach((ou, members) -> ous.add(GroupNode.heading(ou, members)));
        return GroupNode.heading("By OU", ous);
    }

    /**
     * Groups nested in no other listed group at the top, each with the groups it contains below it. A cycle in the
     * directory (a group inside itself, through others) is not followed again; a cycle with no group above it gets
     * its first group (by name) as a top, so no group goes missing from the tree.
     *
     * @param nested child group DNs per group DN, for the groups whose members were read
     */
    public static GroupNode byNesting(List<GroupSummary> groups, Map<DN, List<DN>> nested, List<Mapping> mappings) {
        Map<DN, GroupSummary> known = new LinkedHashMap<>();
        sorted(groups).forEach(g -> known.put(g.dn(), g));
        Set<DN> contained = new HashSet<>();
        nested.forEach((parent, children) -> {
            if (known.containsKey(parent)) {
                children.stream().filter(known::containsKey).filter(c -> !c.equals(parent)).forEach(contained::add);
            }
        });
        List<GroupNode> roots = new ArrayList<>();
        Set<DN> shown = new HashSet<>();
        for (GroupSummary g : known.values()) {
            if (!contained.contains(g.dn())) {
                roots.add(nest(g, known, nested, mappings, new HashSet<>(), shown));
            }
        }
        for (GroupSummary g : known.values()) {
            if (!shown.contains(g.dn())) {
                roots.add(nest(g, known, nested, mappings, new HashSet<>(), shown));
            }
        }
        roots.sort(Comparator.comparing(GroupNode::label, String.CASE_INSENSITIVE_ORDER));
        return GroupNode.heading("By nesting", roots);
    }

    private static GroupNode nest(GroupSummary g, Map<DN, GroupSummary> known, Map<DN, List<DN>> nested,
                                  List<Mapping> mappings, Set<DN> path, Set<DN> shown) {
        path.add(g.dn());
        shown.add(g.dn());
        List<GroupNode> children = new ArrayList<>();
        for (DN child : nested.getOrDefault(g.dn(), List.of())) {
            GroupSummary c = known.get(child);
            if (c != null && !path.contains(child)) {
                children.add(nest(c, known, nested, mappings, path, shown));
            }
        }
        path.remove(g.dn());
        children.sort(Comparator.comparing(GroupNode::label, String.CASE_INSENSITIVE_ORDER));
        return new GroupNode(g.name(), g, rolesOf(g.dn(), mappings), children);
    }

    private static GroupNode leaf(GroupSummary g, List<Mapping> mappings) {
        return new GroupNode(g.name(), g, rolesOf(g.dn(), mappings), List.of());
    }

    /** Roles mapped to this group directly (compared as DNs: case and spacing do not matter). */
    public static Set<String> rolesOf(DN group, List<Mapping> mappings) {
        Set<String> roles = new TreeSet<>();
        for (Mapping m : mappings) {
            if (m.dn().equals(group)) {
                roles.addAll(m.roles());
            }
        }
        return roles;
    }

    private static List<GroupSummary> sorted(List<GroupSummary> groups) {
        return groups.stream().sorted(Comparator.comparing(GroupSummary::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }
}
