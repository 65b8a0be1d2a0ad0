package io.rolegate.engine.session;

import java.util.Set;

/**
 * Who a session is: the user name the client gave and, after a directory login, the entry that authenticated, the
 * managed role the session logs in as upstream and the roles its mappings gave. Set on the session's event loop;
 * read from any thread.
 */
public final class SessionIdentity {
    private volatile String clientUser;
    private volatile String directoryDn;
    private volatile String managedRole;
    private volatile Set<String> roles = Set.of();
    private volatile Set<String> groups = Set.of();
    private volatile boolean takesRoleAtStartup;

    SessionIdentity() {
    }

    /** The directory entry that authenticated; null in passthrough. */
    public String directoryDn() {
        return directoryDn;
    }

    /** The PostgreSQL role the session runs as upstream: the managed role, or the client's user in passthrough. */
    public String loginRole() {
        return managedRole != null ? managedRole : clientUser;
    }

    /** The roles the directory's mappings gave; empty in passthrough. */
    public Set<String> roles() {
        return roles;
    }

    /** The entry's directory groups (nested ones too) as normalized DNs; empty in passthrough. */
    public Set<String> groups() {
        return groups;
    }

    /**
     * True when the upstream start-up parameters may set a role ({@code role}, {@code session_authorization}, or
     * {@code options} naming either): the backend then holds it from its first moment, before any statement.
     */
    public boolean takesRoleAtStartup() {
        return takesRoleAtStartup;
    }

    void takesRoleAtStartup(java.util.Map<String, String> upstreamParameters) {
        boolean takes = false;
        for (var p : upstreamParameters.entrySet()) {
            String name = p.getKey().toLowerCase(java.util.Locale.ROOT);
            String value = p.getValue() == null ? "" : p.getValue().toLowerCase(java.util.Locale.ROOT);
            takes |= name.equals("role") || name.equals("session_authorization")
                    || (name.equals("options") && (value.contains("role") || value.contains("authorization")));
        }
        takesRoleAtStartup = takes;
    }

    void clientUser(String user) {
        clientUser = user;
    }

    /** Who the directory said this is, the managed role and mapped roles it logs in with, and its groups. */
    void directory(String dn, String role, Set<String> mapped, Set<String> memberOf) {
        directoryDn = dn;
        managedRole = role;
        roles = Set.copyOf(mapped);
        groups = Set.copyOf(memberOf);
    }
}
