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
        return byOu(groups, Map.of(), mappings);
    }

    /** As {@link #byOu(List, List)}, each group also with the roles it gets through nesting. */
    public static GroupNode byOu(List<DirectoryGroup> groups, Map<String, List<String>> nested,
                                 List<Mapping> mappings) {
        Map<String, String> names = names(groups);
        Map<String, List<String>> parents = parents(nested);
        Map<String, List<GroupNode>> byParent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (DirectoryGroup g : sorted(groups)) {
            String parent = Dns.parent(g.dn());
            String ou = parent == null ? "(top)" : parent;
            byParent.computeIfAbsent(ou, k -> new ArrayList<>()).add(new GroupNode(g.name(), g,
                    rolesOf(g.dn(), mappings), inherited(g.dn(), parents, names, mappings), List.of()));
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
        Map<String, String> names = names(groups);
        Map<String, List<String>> parents = parents(nested);
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
        return GroupNode.heading("By nesting", roots.stream().map(r -> withInherited(r, parents, names, mappings))
                .toList());
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

    private static GroupNode withInherited(GroupNode n, Map<String, List<String>> parents, Map<String, String> names,
                                           List<Mapping> mappings) {
        return new GroupNode(n.label(), n.group(), n.roles(), n.group() == null ? Map.of()
                : inherited(n.group().dn(), parents, names, mappings),
                n.children().stream().map(c -> withInherited(c, parents, names, mappings)).toList());
    }

    /**
     * The roles a group's members get through the groups it is nested in (at any depth), each with the name of the
     * nearest such group; a cycle is walked once.
     *
     * @param parents containing group DNs per group DN, normalized ({@link #parents})
     */
    static Map<String, String> inherited(String groupDn, Map<String, List<String>> parents, Map<String, String> names,
                                         List<Mapping> mappings) {
        Map<String, String> out = new TreeMap<>();
        Set<String> seen = new HashSet<>(Set.of(Dns.normalize(groupDn)));
        java.util.ArrayDeque<String> next = new java.util.ArrayDeque<>(parents.getOrDefault(Dns.normalize(groupDn),
                List.of()));
        while (!next.isEmpty()) {
            String up = next.poll();
            if (!seen.add(up)) {
                continue;
            }
            String name = names.getOrDefault(up, Dns.firstValue(up));
            rolesOf(up, mappings).forEach(role -> out.putIfAbsent(role, name));
            next.addAll(parents.getOrDefault(up, List.of()));
        }
        return out;
    }

    /** Containing groups per group, from child groups per group; DNs normalized. */
    static Map<String, List<String>> parents(Map<String, List<String>> nested) {
        Map<String, List<String>> parents = new HashMap<>();
        nested.forEach((parent, kids) -> kids.forEach(kid -> parents.computeIfAbsent(Dns.normalize(kid),
                k -> new ArrayList<>()).add(Dns.normalize(parent))));
        return parents;
    }

    private static Map<String, String> names(List<DirectoryGroup> groups) {
        Map<String, String> names = new HashMap<>();
        groups.forEach(g -> names.put(Dns.normalize(g.dn()), g.name()));
        return names;
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
