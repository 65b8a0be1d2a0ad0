package io.rolegate.console.mapping;

import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.api.model.Mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One undoable mapping edit: map a group to a role, or take that away. An edit changes one pair and leaves every
 * other mapping as it finds it, so undoing it after somebody else changed another mapping undoes only this.
 */
public record MappingEdit(Kind kind, String groupDn, String role) {
    public enum Kind { MAP, UNMAP }

    public static MappingEdit map(String groupDn, String role) {
        return new MappingEdit(Kind.MAP, groupDn, role);
    }

    public static MappingEdit unmap(String groupDn, String role) {
        return new MappingEdit(Kind.UNMAP, groupDn, role);
    }

    /** The mappings after this edit; the group's other roles and every other group stay as they are. */
    public List<Mapping> applyTo(List<Mapping> current) {
        String group = Dns.normalize(groupDn);
        List<Mapping> next = new ArrayList<>();
        boolean found = false;
        for (Mapping m : current) {
            if (!Dns.normalize(m.groupDn()).equals(group)) {
                next.add(m);
                continue;
            }
            found = true;
            Set<String> roles = new TreeSet<>(m.roles());
            if (kind == Kind.MAP) {
                roles.add(role);
            } else {
                roles.remove(role);
            }
            if (!roles.isEmpty()) {
                next.add(new Mapping(m.groupDn(), roles));
            }
        }
        if (!found && kind == Kind.MAP) {
            next.add(new Mapping(groupDn, Set.of(role)));
        }
        return next;
    }

    public MappingEdit inverse() {
        return new MappingEdit(kind == Kind.MAP ? Kind.UNMAP : Kind.MAP, groupDn, role);
    }

    /** "map group interns to analyst_role": the audit comment and the undo menu's words. */
    public String describe() {
        String group = Dns.firstValue(groupDn);
        return (kind == Kind.MAP ? "map group " + group + " to " : "unmap group " + group + " from ") + role;
    }
}
