package io.rolegate.console.directory;

import io.rolegate.engine.directory.AccountState;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.directory.LookupResult;
import io.rolegate.engine.directory.ResolvedGroup;
import io.rolegate.engine.api.model.Mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A user lookup as the directory view shows it: who, whether the account may log in, and every group with the path
 * that makes them a member and the roles that group maps to.
 *
 * @param groups one line per group: "dba via data-team → dba_role"
 */
public record UserReport(String heading, String account, boolean usable, List<String> groups) {

    public static UserReport of(LookupResult result, List<Mapping> mappings) {
        if (result instanceof AuthResult.NoSuchUser missing) {
            return new UserReport("No user \"" + missing.username() + "\" in the directory", missing.detail(), false,
                    List.of());
        }
        if (result instanceof AuthResult.DirectoryUnavailable down) {
            return new UserReport("The directory is unavailable", down.cause(), false, List.of());
        }
        DirectoryUser user = ((LookupResult.Found) result).user();
        String name = user.attributes().getOrDefault("cn", List.of(user.username())).get(0);
        List<String> groups = new ArrayList<>();
        for (ResolvedGroup g : user.groups()) {
            Set<String> roles = GroupTrees.rolesOf(g.dn(), mappings);
            groups.add(g.explain().replace("cn=", "") + (roles.isEmpty() ? "" : " → " + String.join(", ", roles)));
        }
        return new UserReport(name + " · " + user.dn(), account(user.accountState()), user.accountState().isUsable(),
                groups);
    }

    private static String account(AccountState state) {
        if (state.isUsable()) {
            return "Account usable: the directory lets this user log in.";
        }
        String status = state.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return "Account " + status + (state.reason().isEmpty() ? "" : ": " + state.reason())
                + state.since().map(t -> " (since " + t + ")").orElse("");
    }
}
