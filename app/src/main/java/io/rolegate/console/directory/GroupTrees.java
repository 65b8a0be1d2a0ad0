package io.rolegate.console.directory;

import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.api.model.Mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
    public static GroupNode byOu(List<DirectoryGroup> groups, List<Mapping> mappings) {
        Map<String, List<GroupNode>> byParent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (DirectoryGroup g : sorted(groups)) {
            String parent = Dns.parent(g.dn());
            String ou = parent == null ? "(top)" : parent;
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
     * @param nested child group DNs per group DN, for the groups whose members were read (compared as DNs: case
     *               and spacing do not matter)
     */
    public static GroupNode byNesting(List<DirectoryGroup> groups, Map<String, List<String>> nested,
                                      List<Mapping> mappings) {
        // every DN below is in its normalized form, so equal strings are equal DNs
        Map<String, DirectoryGroup> known = new LinkedHashMap<>();
        sorted(groups).forEach(g -> known.put(Dns.normalize(g.dn()), g));
        Map<String, List<String>> children = new HashMap<>();
        nested.forEach((parent, kids) -> children.put(Dns.normalize(parent),
                kids.stream().map(Dns::normalize).toList()));
        Set<String> contained = new HashSet<>();
        children.forEach((parent, kids) -> {
            if (known.containsKey(parent)) {
                kids.stream().filter(known::containsKey).filter(c -> !c.equals(parent)).forEach(contained::add);
            }
        });
        List<GroupNode> roots = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (String dn : known.keySet()) {
            if (!contained.contains(dn)) {
                roots.add(nest(dn, known, children, mappings, new HashSet<>(), shown));
            }
        }
        for (String dn : known.keySet()) {
            if (!shown.contains(dn)) {
                roots.add(nest(dn, known, children, mappings, new HashSet<>(), shown));
            }
        }
        roots.sort(Comparator.comparing(GroupNode::label, String.CASE_INSENSITIVE_ORDER));
        return GroupNode.heading("By nesting", roots);
    }

    private static GroupNode nest(String dn, Map<String, DirectoryGroup> known, Map<String, List<String>> nested,
                                  List<Mapping> mappings, Set<String> path, Set<String> shown) {
        DirectoryGroup g = known.get(dn);
        path.add(dn);
        shown.add(dn);
        List<GroupNode> children = new ArrayList<>();
        for (String child : nested.getOrDefault(dn, List.of())) {
            if (known.containsKey(child) && !path.contains(child)) {
                children.add(nest(child, known, nested, mappings, path, shown));
            }
        }
        path.remove(dn);
        children.sort(Comparator.comparing(GroupNode::label, String.CASE_INSENSITIVE_ORDER));
        return new GroupNode(g.name(), g, rolesOf(g.dn(), mappings), children);
    }

    private static GroupNode leaf(DirectoryGroup g, List<Mapping> mappings) {
        return new GroupNode(g.name(), g, rolesOf(g.dn(), mappings), List.of());
    }

    /** Roles mapped to this group directly (compared as DNs: case and spacing do not matter). */
    public static Set<String> rolesOf(String groupDn, List<Mapping> mappings) {
        String group = Dns.normalize(groupDn);
        Set<String> roles = new TreeSet<>();
        for (Mapping m : mappings) {
            if (Dns.normalize(m.groupDn()).equals(group)) {
                roles.addAll(m.roles());
            }
        }
        return roles;
    }

    private static List<DirectoryGroup> sorted(List<DirectoryGroup> groups) {
        return groups.stream().sorted(Comparator.comparing(DirectoryGroup::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }
}
