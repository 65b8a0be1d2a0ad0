package io.rolegate.console.directory;

import io.rolegate.engine.api.model.AccountStatus;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.UserLookup;

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

    public static UserReport of(UserLookup result, List<Mapping> mappings) {
        if (result instanceof UserLookup.NoSuchUser missing) {
            // the detail names the LDAP filter: the engine's log has it, the person needs the words
            return noMatch(missing.username());
        }
        if (result instanceof UserLookup.DirectoryUnavailable down) {
            return new UserReport("The directory is unavailable", down.cause(), false, List.of());
        }
        UserLookup.Found user = (UserLookup.Found) result;
        String name = user.attributes().getOrDefault("cn", List.of(user.username())).get(0);
        List<String> groups = new ArrayList<>();
        for (UserLookup.Membership g : user.groups()) {
            Set<String> roles = GroupTrees.rolesOf(g.dn(), mappings);
            groups.add(g.explanation().replace("cn=", "") + (roles.isEmpty() ? "" : " → " + String.join(", ", roles)));
        }
        return new UserReport(name + " · " + user.dn(), account(user), user.usable(), groups);
    }

    /** Nothing found for what was typed, and how to search instead. */
    public static UserReport noMatch(String typed) {
        return new UserReport("No user matches \"" + typed + "\"", "Type the start of a login name, full name or mail"
                + " (ali), or attribute=start (mail=alice@, title=data).", false, List.of());
    }

    private static String account(UserLookup.Found user) {
        if (user.status() == AccountStatus.USABLE) {
            return "Account usable: the directory lets this user log in.";
        }
        String status = user.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return "Account " + status + (user.reason().isEmpty() ? "" : ": " + user.reason())
                + user.since().map(t -> " (since " + t + ")").orElse("");
    }
}
