package io.rolegate.engine.api.model;

import java.util.Objects;

/**
 * One group in the console's directory tree.
 *
 * @param dn          the group's entry, as the directory returned it (compare with {@link Dns#same})
 * @param memberCount values of member, uniqueMember and memberUid as the server returned them; Active Directory
 *                    returns at most 1500 values without ranged retrieval, so a larger group shows 1500
 */
public record DirectoryGroup(String dn, String name, String description, int memberCount) {
    public DirectoryGroup {
        Objects.requireNonNull(dn, "dn");
    }
}
