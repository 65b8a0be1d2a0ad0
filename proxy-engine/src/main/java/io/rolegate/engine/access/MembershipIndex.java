package io.rolegate.engine.access;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.directory.ResolvedGroup;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each directory user was last found to be in their groups (at a login or a re-evaluation), as membership
 * edges: group → member, from each group down to the user's own entry. A change to a group, or to an entry whose
 * DN does not name the user, must re-decide every user Rolegate knows, which takes a while with many managed
 * roles; this index says whom the change concerns and, given the group's members now, who has just lost the
 * membership, so those go first and a revocation does not wait for the rest. Users just added to a group are
 * not in it yet: the full pass finds them.
 */
public final class MembershipIndex {
    /** {@code group} listed {@code member} (a nested group or the user's own entry). */
    private record Edge(DN group, DN member) {
    }

    private record Memberships(DN entry, Set<Edge> edges) {
    }

    private final Map<String, Memberships> byUser = new ConcurrentHashMap<>();
    /** Groups and other non-user entries a watcher reported written, with when (System.nanoTime). */
    private final Map<DN, Long> recentChanges = new ConcurrentHashMap<>();

    /**
     * How long a reported write keeps a group "just changed" for logins. OpenLDAP's memberof overlay rewrites the
     * members' memberOf only after the group's own write has been announced; logins in that gap would read the
     * old memberOf. Milliseconds in practice; this leaves a wide margin at the cost of one read per such group.
     */
    public static final java.time.Duration RECENT = java.time.Duration.ofSeconds(30);

    /** A watcher reported a write to {@code entry}, which is not a user's own entry (a group, usually). */
    public void changed(DN entry) {
        recentChanges.put(entry, System.nanoTime());
    }

    /** The entries reported written within {@link #RECENT}: a login reads their member lists, not memberOf. */
    public Set<DN> recentlyChanged() {
        long now = System.nanoTime();
        recentChanges.values().removeIf(at -> now - at > RECENT.toNanos());
        return Set.copyOf(recentChanges.keySet());
    }

    /** What {@code user} was found to be: their entry and every group they are in, with the path to each. */
    public void record(DirectoryUser user) {
        Set<Edge> edges = new HashSet<>();
        for (ResolvedGroup g : user.groups()) {
            List<DN> path = g.path(); // the group first, the user's direct group last
            for (int i = 0; i + 1 < path.size(); i++) {
                edges.add(new Edge(path.get(i), path.get(i + 1)));
            }
            edges.add(new Edge(path.get(path.size() - 1), user.dn()));
        }
        byUser.put(user.username(), new Memberships(user.dn(), Set.copyOf(edges)));
    }

    /** The user is gone from the directory. */
    public void forget(String username) {
        byUser.remove(username);
    }

    /** Users whose entry or one of whose groups is among {@code changed}, by name. */
    public Set<String> concerning(Set<DN> changed) {
        Set<String> users = new TreeSet<>();
        byUser.forEach((user, m) -> {
            if (changed.contains(m.entry()) || m.edges().stream().anyMatch(e -> changed.contains(e.group()))) {
                users.add(user);
            }
        });
        return users;
    }

    /** Users who reached a group through a member {@code group} no longer lists ({@code membersNow}). */
    public Set<String> losing(DN group, Set<DN> membersNow) {
        Set<String> users = new TreeSet<>();
        byUser.forEach((user, m) -> {
            if (m.edges().stream().anyMatch(e -> e.group().equals(group) && !membersNow.contains(e.member()))) {
                users.add(user);
            }
        });
        return users;
    }
}
