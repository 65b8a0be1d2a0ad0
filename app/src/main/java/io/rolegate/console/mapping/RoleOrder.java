package io.rolegate.console.mapping;

import io.rolegate.engine.api.model.UpstreamRole;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The order of the role cards. A card stays where it was when the roles are read again (after a drop, an undo, a
 * refresh), so the target a person just used, or is about to use with the keyboard, does not move; a new role
 * goes where the sort would put it, a dropped one leaves a gap that closes.
 */
final class RoleOrder {
    /**
     * Group roles (the drop targets) first, then the per-user roles Rolegate keeps, then other login roles: each
     * user who logs in adds a managed role, and sorted by name alone those would push the targets around.
     */
    static final Comparator<UpstreamRole> TARGETS_FIRST = Comparator
            .comparingInt((UpstreamRole r) -> !r.canLogin() ? 0 : r.managed() ? 1 : 2)
            .thenComparing(UpstreamRole::name);

    private RoleOrder() {
    }

    /** {@code fresh} in the order of {@code shown}, new roles inserted by {@link #TARGETS_FIRST}. */
    static List<UpstreamRole> keep(List<UpstreamRole> shown, List<UpstreamRole> fresh) {
        Map<String, UpstreamRole> now = fresh.stream()
                .collect(Collectors.toMap(UpstreamRole::name, Function.identity(), (a, b) -> a));
        List<UpstreamRole> out = new ArrayList<>();
        for (UpstreamRole r : shown) {
            UpstreamRole updated = now.remove(r.name());
            if (updated != null) {
                out.add(updated);
            }
        }
        for (UpstreamRole added : now.values().stream().sorted(TARGETS_FIRST).toList()) {
            int at = 0;
            while (at < out.size() && TARGETS_FIRST.compare(out.get(at), added) < 0) {
                at++;
            }
            out.add(at, added);
        }
        return out;
    }
}
