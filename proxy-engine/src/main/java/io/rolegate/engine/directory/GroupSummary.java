package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.DN;

/**
 * One group in the console's directory tree.
 *
 * @param memberCount values of member, uniqueMember and memberUid as the server returned them; Active Directory
 *                    returns at most 1500 values without ranged retrieval, so a larger group shows 1500
 */
public record GroupSummary(DN dn, String name, String description, int memberCount) {
}
