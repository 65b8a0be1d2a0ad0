package io.rolegate.engine.api.model;

/**
 * A person logged in to the console with their directory account: the name the audit log records for what they do,
 * and whether they may change anything.
 *
 * @param username      the login name they typed, as the directory knows it
 * @param dn            their directory entry
 * @param displayName   their cn, or the username when the entry has none
 * @param mayAdminister member (nested membership counts) of {@code console.adminGroup}; otherwise read-only
 * @param reason        why they got this level: "member of cn=dba via cn=data-team"
 */
public record ConsoleIdentity(String username, String dn, String displayName, boolean mayAdminister,
                              String reason) {
    @Override
    public String toString() {
        return username + (mayAdminister ? " (administrator)" : " (read-only)");
    }
}
