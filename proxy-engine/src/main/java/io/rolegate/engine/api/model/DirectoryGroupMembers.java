package io.rolegate.engine.api.model;

import java.util.List;
import java.util.Objects;

/**
 * The direct members of one group, split the way the console shows them. DNs as the directory returned them.
 *
 * @param group      the group's DN
 * @param users      member DNs that are not groups under groupBase
 * @param groups     nested groups (children)
 * @param memberUids posixGroup members, which are user names rather than DNs
 */
public record DirectoryGroupMembers(String group, List<String> users, List<String> groups, List<String> memberUids) {
    public DirectoryGroupMembers {
        Objects.requireNonNull(group, "group");
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        memberUids = List.copyOf(memberUids);
    }
}
