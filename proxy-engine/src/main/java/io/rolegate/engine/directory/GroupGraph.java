package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks group nesting upwards from a user's direct groups, breadth first, so each group is recorded with its
 * shortest path. A group already seen is never expanded again: that is both the cycle guard (a group nested in
 * itself through others) and what keeps a diamond from being searched twice.
 */
final class GroupGraph {

    /** The groups that have {@code group} as a member. */
    @FunctionalInterface
    interface Parents {
        Set<DN> of(DN group) throws LDAPException;
    }

    private GroupGraph() {
    }

    /**
     * @param direct   the user's direct memberships
     * @param parents  how to find a group's parents
     * @param maxDepth how many levels of nesting above the direct groups are followed
     * @return every group reached, direct ones first, in discovery order
     */
    static List<ResolvedGroup> walk(List<ResolvedGroup> direct, Parents parents, int maxDepth) throws LDAPException {
        Map<DN, ResolvedGroup> seen = new LinkedHashMap<>();
        Deque<ResolvedGroup> queue = new ArrayDeque<>();
        for (ResolvedGroup g : direct) {
            if (seen.putIfAbsent(g.dn(), g) == null) {
                queue.add(g);
            }
        }
        while (!queue.isEmpty()) {
            ResolvedGroup child = queue.poll();
            if (child.depth() >= maxDepth) {
                continue;
            }
            for (DN parent : parents.of(child.dn())) {
                if (!seen.containsKey(parent)) {
                    ResolvedGroup reached = child.parent(parent);
                    seen.put(parent, reached);
                    queue.add(reached);
                }
            }
        }
        return new ArrayList<>(seen.values());
    }
}
