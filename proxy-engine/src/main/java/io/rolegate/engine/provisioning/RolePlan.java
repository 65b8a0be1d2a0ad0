package io.rolegate.engine.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SQL that makes a managed login role match what the directory says: exist, carry Rolegate's marker, LOGIN,
 * and be a member of exactly the mapped roles. Pure: computed from a {@link RoleState}, so a dry run shows exactly
 * what an apply would run. A same-named role Rolegate does not manage is never planned for.
 */
public record RolePlan(String role, List<String> statements, Set<String> granted, Set<String> revoked) {
    /** Marks a role as Rolegate's; the generation says which secret its password was made from. */
    public static final String MARKER = "rolegate-managed generation=";
    /** A placeholder in a planned statement that {@link RoleProvisioner} replaces with a fresh verifier. */
    public static final String VERIFIER = "<SCRAM verifier computed by Rolegate>";

    public boolean isEmpty() {
        return statements.isEmpty();
    }

    public static RolePlan toAllow(RoleState state, Set<String> roles) {
        return toAllow(state, roles, false);
    }

    /**
     * @param setPassword also (re)set the password of an existing role: after the server rejected the managed
     *                    login (someone changed the password, or an engine with another master key set it)
     */
    public static RolePlan toAllow(RoleState state, Set<String> roles, boolean setPassword) {
        String q = RoleNames.quote(state.name());
        List<String> sql = new ArrayList<>();
        if (state.exists() && !state.managed()) {
            throw new UnmanagedRoleException(state.name());
        }
        if (!state.exists()) {
            sql.add("CREATE ROLE " + q + " LOGIN PASSWORD " + RoleNames.literal(VERIFIER));
            sql.add("COMMENT ON ROLE " + q + " IS " + RoleNames.literal(MARKER + 1));
        } else if (!state.canLogin() || setPassword) {
            sql.add("ALTER ROLE " + q + " LOGIN" + (setPassword ? " PASSWORD " + RoleNames.literal(VERIFIER) : ""));
        }
        Set<String> grant = new TreeSet<>(roles);
        grant.removeAll(state.memberOf());
        Set<String> revoke = new TreeSet<>(state.memberOf());
        revoke.removeAll(roles);
        for (String r : grant) {
            sql.add("GRANT " + RoleNames.quote(r) + " TO " + q);
        }
        for (String r : revoke) {
            sql.add("REVOKE " + RoleNames.quote(r) + " FROM " + q);
        }
        return new RolePlan(state.name(), List.copyOf(sql), Set.copyOf(grant), Set.copyOf(revoke));
    }

    /** Revocation: NOLOGIN and no memberships; never DROP (the role may own objects). */
    public static RolePlan toDeny(RoleState state) {
        if (!state.exists()) {
            return new RolePlan(state.name(), List.of(), Set.of(), Set.of());
        }
        if (!state.managed()) {
            throw new UnmanagedRoleException(state.name());
        }
        String q = RoleNames.quote(state.name());
        List<String> sql = new ArrayList<>();
        if (state.canLogin()) {
            sql.add("ALTER ROLE " + q + " NOLOGIN");
        }
        for (String r : new TreeSet<>(state.memberOf())) {
            sql.add("REVOKE " + RoleNames.quote(r) + " FROM " + q);
        }
        return new RolePlan(state.name(), List.copyOf(sql), Set.of(), Set.copyOf(state.memberOf()));
    }
}
