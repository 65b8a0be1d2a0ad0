package io.rolegate.engine.api.model;

/**
 * A person the engine let into its console, with their directory account (or, without console logins configured,
 * the operator who runs the engine process): the name the audit log records for what they do, whether they may
 * change anything, and whether they may look inside sessions. Every facade call that changes or reveals something
 * takes it, and the engine decides by its own record of the login the {@code token} names — never by the fields of
 * the value it is handed, which anyone could forge.
 *
 * @param username      the login name they typed, as the directory knows it
 * @param dn            their directory entry ("" for the operator)
 * @param displayName   their cn, or the username when the entry has none
 * @param mayAdminister member (nested membership counts) of {@code console.adminGroup}; otherwise read-only
 * @param mayAudit      member (nested membership counts) of {@code console.auditorGroup}: may trace sessions and
 *                      read recordings. Administering does not imply it
 * @param reason        why they got this level: "member of cn=dba via cn=data-team"
 * @param token         the engine's random handle on this login; "" for a value the engine did not issue
 */
public record ConsoleIdentity(String username, String dn, String displayName, boolean mayAdminister,
                              boolean mayAudit, String reason, String token) {
    public ConsoleIdentity {
        token = token == null ? "" : token;
    }

    /** A login without the auditor permission. */
    public ConsoleIdentity(String username, String dn, String displayName, boolean mayAdminister, String reason,
                           String token) {
        this(username, dn, displayName, mayAdminister, false, reason, token);
    }

    /** A description without a login behind it (what the engine decides from before it issues a token). */
    public ConsoleIdentity(String username, String dn, String displayName, boolean mayAdminister, boolean mayAudit,
                           String reason) {
        this(username, dn, displayName, mayAdminister, mayAudit, reason, "");
    }

    /** A description without a login behind it and without the auditor permission. */
    public ConsoleIdentity(String username, String dn, String displayName, boolean mayAdminister, String reason) {
        this(username, dn, displayName, mayAdminister, false, reason, "");
    }

    public ConsoleIdentity withToken(String t) {
        return new ConsoleIdentity(username, dn, displayName, mayAdminister, mayAudit, reason, t);
    }

    @Override
    public String toString() {
        return username + (mayAdminister ? " (administrator" : " (read-only") + (mayAudit ? ", auditor)" : ")");
    }
}
