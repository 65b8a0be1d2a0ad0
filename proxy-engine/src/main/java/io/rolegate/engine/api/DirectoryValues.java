package io.rolegate.engine.api;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.api.model.AccountStatus;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.DirectoryGroupMembers;
import io.rolegate.engine.api.model.UserLookup;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.directory.GroupMembers;
import io.rolegate.engine.directory.GroupSummary;
import io.rolegate.engine.directory.LookupResult;
import io.rolegate.engine.directory.ResolvedGroup;

import java.util.List;

/** The directory room's answers as the door's values: DNs as strings, no SDK types. */
final class DirectoryValues {
    private DirectoryValues() {
    }

    static DirectoryGroup group(GroupSummary g) {
        return new DirectoryGroup(g.dn().toString(), g.name(), g.description(), g.memberCount());
    }

    static DirectoryGroupMembers members(GroupMembers m) {
        return new DirectoryGroupMembers(m.group().toString(), strings(m.users()), strings(m.groups()),
                m.memberUids());
    }

    static io.rolegate.engine.api.model.UserSummary user(io.rolegate.engine.directory.UserSearch.UserSummary u) {
        return new io.rolegate.engine.api.model.UserSummary(u.dn().toString(), u.username(), u.name(), u.mail());
    }

    static UserLookup lookup(LookupResult result) {
        if (result instanceof AuthResult.NoSuchUser missing) {
            return new UserLookup.NoSuchUser(missing.username(), missing.detail());
        }
        if (result instanceof AuthResult.DirectoryUnavailable down) {
            return new UserLookup.DirectoryUnavailable(down.cause());
        }
        DirectoryUser user = ((LookupResult.Found) result).user();
        var state = user.accountState();
        return new UserLookup.Found(user.dn().toString(), user.username(), user.attributes(),
                AccountStatus.valueOf(state.status().name()), state.reason(), state.since(),
                user.groups().stream().map(DirectoryValues::membership).toList());
    }

    private static UserLookup.Membership membership(ResolvedGroup g) {
        return new UserLookup.Membership(g.dn().toString(), strings(g.path()), g.explain());
    }

    private static List<String> strings(List<DN> dns) {
        return dns.stream().map(DN::toString).toList();
    }
}
