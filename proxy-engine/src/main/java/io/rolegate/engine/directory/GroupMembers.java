package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.DN;

import java.util.List;

/**
 * The members of one group, split the way the console shows them.
 *
 * @param users      member DNs that are not groups under groupBase
 * @param groups     nested groups (children)
 * @param memberUids posixGroup members, which are user names rather than DNs
 */
public record GroupMembers(DN group, List<DN> users, List<DN> groups, List<String> memberUids) {
    public GroupMembers {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        memberUids = List.copyOf(memberUids);
    }
}
