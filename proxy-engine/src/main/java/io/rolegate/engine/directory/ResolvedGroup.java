package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.DN;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A group a user belongs to, and how that was found out.
 *
 * @param dn   the group
 * @param path the chain from this group down to the group the user is directly in: {@code [dba, data-team]}
 *             means "member of dba via data-team"; a direct membership has a path of one
 * @param how  how the direct membership at the end of the path was found
 */
public record ResolvedGroup(DN dn, List<DN> path, How how) {

    /**
     * How the user's direct membership was found; {@code IN_CHAIN} and {@code MEMBER_OF_TRANSITIVE}: the server
     * vouched for a nested membership without saying through which groups.
     */
    public enum How { MEMBER_OF, MEMBER, UNIQUE_MEMBER, MEMBER_UID, IN_CHAIN, MEMBER_OF_TRANSITIVE }

    public ResolvedGroup {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(how, "how");
        path = List.copyOf(path);
        if (path.isEmpty() || !path.get(0).equals(dn)) {
            throw new IllegalArgumentException("a group's path starts with the group itself");
        }
    }

    public static ResolvedGroup direct(DN dn, How how) {
        return new ResolvedGroup(dn, List.of(dn), how);
    }

    /** This group reached as a parent of {@code child}. */
    public ResolvedGroup parent(DN parentDn) {
        List<DN> longer = new java.util.ArrayList<>(path.size() + 1);
        longer.add(parentDn);
        longer.addAll(path);
        return new ResolvedGroup(parentDn, longer, how);
    }

    public boolean isDirect() {
        return path.size() == 1;
    }

    /** Nesting depth: 0 for a direct membership. */
    public int depth() {
        return path.size() - 1;
    }

    /** {@code cn=dba via cn=data-team}: RDNs only, because full DNs make explanations unreadable. */
    public String explain() {
        String head = path.get(0).getRDNString();
        if (isDirect()) {
            return head;
        }
        return head + " via " + path.subList(1, path.size()).stream().map(DN::getRDNString)
                .collect(Collectors.joining(" via "));
    }
}
