package io.rolegate.console.mapping;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.AccessPreview;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.RoleChange;
import io.rolegate.engine.api.model.UpstreamRole;
import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.api.model.Mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's side of the mapping view for view-model tests: mappings in a list, each group's direct members,
 * roles derived from both. Records every apply with its admin and comment.
 */
final class InMemoryMappings implements MappingGateway {
    record Applied(List<Mapping> mappings, String admin, String comment) {
    }

    final List<Applied> applied = new ArrayList<>();
    final List<List<Mapping>> planned = new ArrayList<>();
    private final Map<String, List<String>> members = new LinkedHashMap<>();
    private final List<String> roleNames;
    private List<Mapping> mappings;

    InMemoryMappings(List<Mapping> mappings, List<String> roleNames) {
        this.mappings = List.copyOf(mappings);
        this.roleNames = roleNames;
    }

    InMemoryMappings group(String dn, String... users) {
        members.put(dn, List.of(users));
        return this;
    }

    @Override
    public List<Mapping> mappings() {
        return mappings;
    }

    @Override
    public List<UpstreamRole> roles() {
        return roleNames.stream().map(r -> new UpstreamRole(r, false, false, mappings.stream()
                .filter(m -> m.roles().contains(r)).map(Mapping::groupDn).toList())).toList();
    }

    @Override
    public List<DirectoryGroup> groups() {
        return members.entrySet().stream().map(e -> new DirectoryGroup(e.getKey(),
                Dns.firstValue(e.getKey()), null, e.getValue().size())).toList();
    }

    @Override
    public List<RoleChange> plan(List<Mapping> proposed) {
        planned.add(proposed);
        Set<String> users = new TreeSet<>();
        members.values().forEach(users::addAll);
        List<RoleChange> changes = new ArrayList<>();
        for (String user : users) {
            Set<String> before = rolesOf(user, mappings);
            Set<String> after = rolesOf(user, proposed);
            if (!before.equals(after)) {
                changes.add(new RoleChange(user, user, before, after, after.isEmpty(),
                        List.of("-- roles of " + user + " become " + after)));
            }
        }
        return changes;
    }

    private Set<String> rolesOf(String user, List<Mapping> list) {
        Set<String> roles = new TreeSet<>();
        for (Mapping m : list) {
            if (members.entrySet().stream().anyMatch(e -> Dns.same(e.getKey(), m.groupDn())
                    && e.getValue().contains(user))) {
                roles.addAll(m.roles());
            }
        }
        return roles;
    }

    @Override
    public List<RoleChange> apply(List<Mapping> proposed, ConsoleIdentity who, String comment) {
        List<RoleChange> changes = plan(proposed);
        mappings = List.copyOf(proposed);
        applied.add(new Applied(proposed, who.username(), comment));
        return changes;
    }

    @Override
    public AccessPreview preview(String username) {
        Set<String> roles = rolesOf(username, mappings);
        return roles.isEmpty()
                ? new AccessPreview(username, false, Set.of(), Map.of(), "in no mapped group", "28000",
                "user \"" + username + "\" is in no directory group mapped to a Postgres role")
                : new AccessPreview(username, true, roles, Map.of(), "member of a mapped group", null, null);
    }
}
