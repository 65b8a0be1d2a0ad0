package io.rolegate.engine.provisioning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes managed login roles agree with the directory, through the admin connection. Each call reads the role's
 * current state inside the transaction that changes it, so the plan always starts from the truth; calls for the
 * same role are serialised. Blocking: call from a worker thread, never an event loop.
 */
public final class RoleProvisioner {
    private static final Pattern GENERATION = Pattern.compile(Pattern.quote(RolePlan.MARKER) + "(\\d+)");
    private static final String DUPLICATE_OBJECT = "42710";

    private final AdminDatabase admin;
    private final ManagedSecrets secrets;
    /** First half of the advisory lock that lets one engine of a fleet at a time change a role: "RGPR". */
    static final int FLEET_LOCK_CLASS = 0x52475052;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    /**
     * Roles whose password must be set at their next {@link #allow}: the server rejected the managed login (someone
     * changed the password, or an engine with another master key set it). Otherwise an existing role's password is
     * left alone: it is the one this master key derives, and rewriting it at every engine start would write to
     * pg_authid once per user per restart.
     */
    private final Set<String> passwordToSet = ConcurrentHashMap.newKeySet();
    /**
     * Roles known to agree with the directory (exact memberships, LOGIN), so a warm login needs no admin round
     * trip. Anything this class changes updates it; what others change upstream is caught at the latest by the
     * periodic reconciliation or a failed login (which sets the password again).
     */
    private final ConcurrentHashMap<String, Agreement> inAgreement = new ConcurrentHashMap<>();

    private record Agreement(Set<String> roles, int generation) {
    }

    private volatile RolesLost rolesLost = RolesLost.NONE;
    private volatile StandbyCatchUp standbys;

    public RoleProvisioner(AdminDatabase admin, ManagedSecrets secrets) {
        this.admin = admin;
        this.secrets = secrets;
    }

    public ManagedSecrets secrets() {
        return secrets;
    }

    /** Who ends what a login role can no longer use, after {@link #allow} revoked a membership. */
    public void whenRolesLost(RolesLost listener) {
        this.rolesLost = listener;
    }

    /** Logins wait for standbys to replay what {@link #allow} wrote (sessions may land on a standby). */
    public void waitForStandbys(StandbyCatchUp catchUp) {
        this.standbys = catchUp;
    }

    /**
     * For a login about to use the role: when {@code applied} wrote something and sessions may land on a standby,
     * returns once the standbys have replayed it; an SQLException with {@link StandbyCatchUp#NOT_REPLAYED} when
     * one did not in time.
     */
    public void awaitStandbys(String role, Applied applied) throws SQLException {
        StandbyCatchUp s = standbys;
        if (s != null && !applied.executed().isEmpty()) {
            s.await(role);
        }
    }

    /** The state of a role as the server has it now. */
    public RoleState state(String role) throws SQLException {
        return admin.once(c -> read(c, role));
    }

    /** What {@link #allow} would run, without running it (the verifier is shown as a placeholder). */
    public RolePlan dryRunAllow(String role, Set<String> roles) throws SQLException {
        return RolePlan.toAllow(state(role), roles);
    }

    /**
     * Ensures the role exists as Rolegate's, can log in, and is a member of exactly {@code roles}. Returns what
     * was run (empty when already in agreement) and the role's password generation. Memberships it revokes are
     * reported to {@link #whenRolesLost} before it returns.
     */
    public Applied allow(String role, Set<String> roles) throws SQLException {
        java.util.Optional<Applied> known = inAgreement(role, roles);
        if (known.isPresent()) {
            return known.get();
        }
        Applied applied;
        synchronized (locks.computeIfAbsent(role, r -> new Object())) {
            boolean setPassword = passwordToSet.contains(role);
            RoleState seen = admin.once(c -> read(c, role));
            RolePlan planned = RolePlan.toAllow(seen, roles, setPassword);
            if (planned.isEmpty()) {
                applied = new Applied(planned, Math.max(1, seen.managedGeneration()), List.of(), seen.memberOf());
            } else {
                // derived before an admin connection is taken: PBKDF2 is the slow part of a first login
                String verifier = needsVerifier(planned) ? secrets.newVerifier(role, 1) : null;
                try {
                    applied = admin.inTransaction(c -> apply(c, RolePlan.toAllow(readLocked(c, role), roles, setPassword),
                            verifier));
                } catch (SQLException e) {
                    if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
                        throw e;
                    }
                    // another engine created it between our read and our CREATE: plan again from the new truth
                    applied = admin.inTransaction(c -> apply(c, RolePlan.toAllow(readLocked(c, role), roles, setPassword),
                            verifier));
                }
            }
            passwordToSet.remove(role);
            inAgreement.put(role, new Agreement(Set.copyOf(roles), applied.generation()));
        }
        return reportingLoss(role, applied);
    }

    /**
     * For a role no session uses: revokes the memberships not in {@code allowed} and grants nothing (a login in
     * flight sets its own roles; the read and the change hold the role's lock, so one it just granted is seen).
     * Ensures LOGIN like {@link #allow}. Empty when the role does not exist.
     */
    public java.util.Optional<Applied> keepOnly(String role, Set<String> allowed) throws SQLException {
        Applied applied;
        synchronized (locks.computeIfAbsent(role, r -> new Object())) {
            applied = admin.inTransaction(c -> {
                RoleState state = readLocked(c, role);
                if (!state.exists()) {
                    return null;
                }
                Set<String> keep = new HashSet<>(state.memberOf());
                keep.retainAll(allowed);
                return apply(c, RolePlan.toAllow(state, keep), null);
            });
            if (applied == null) {
                return java.util.Optional.empty();
            }
            inAgreement.put(role, new Agreement(applied.roles(), applied.generation()));
        }
        return java.util.Optional.of(reportingLoss(role, applied));
    }

    private Applied reportingLoss(String role, Applied applied) {
        if (!applied.plan().revoked().isEmpty()) {
            rolesLost.lost(role, applied.plan().revoked()); // outside the lock: it waits for sessions to end
        }
        return applied;
    }

    /**
     * What {@link #allow} returns when the role is known to agree already (nothing to run); empty when it would
     * have to ask the server. Never blocks.
     */
    public java.util.Optional<Applied> inAgreement(String role, Set<String> roles) {
        Agreement known = inAgreement.get(role);
        if (known != null && known.roles().equals(roles) && !passwordToSet.contains(role)) {
            return java.util.Optional.of(new Applied(new RolePlan(role, List.of(), Set.of(), Set.of()),
                    known.generation(), List.of(), roles));
        }
        return java.util.Optional.empty();
    }

    /** The next {@link #allow} sets the role's password again. */
    public void forgetPassword(String role) {
        passwordToSet.add(role);
        inAgreement.remove(role);
    }

    /** Revokes: NOLOGIN, no memberships. The role and what it owns stay. */
    public Applied deny(String role) throws SQLException {
        synchronized (locks.computeIfAbsent(role, r -> new Object())) {
            inAgreement.remove(role);
            return admin.inTransaction(c -> apply(c, RolePlan.toDeny(readLocked(c, role)), null));
        }
    }

    /** Ends every backend logged in as {@code role} (direct logins that bypassed the proxy included). */
    public int terminateBackends(String role) throws SQLException {
        return terminateBackends(role, java.util.Set.of());
    }

    /**
     * As {@link #terminateBackends(String)}, sparing the backends whose {@code client_port} (the proxy's end of the
     * connection) is in {@code sparedPorts}: logins in flight that have run nothing yet.
     */
    public int terminateBackends(String role, java.util.Set<Integer> sparedPorts) throws SQLException {
        return admin.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                            + " where usename = ? and pid <> pg_backend_pid()"
                            + " and not (coalesce(client_port, -1) = any(?))")) {
                ps.setString(1, role);
                ps.setArray(2, c.createArrayOf("int4", sparedPorts.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Every role except PostgreSQL's own (pg_*), by name, with login and managed flags. */
    public List<RoleState> listRoles() throws SQLException {
        return admin.inTransaction(c -> {
            List<RoleState> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select r.rolname, r.rolcanlogin,"
                    + " shobj_description(r.oid, 'pg_authid') from pg_roles r where r.rolname !~ '^pg_'"
                    + " order by r.rolname")) {
                while (rs.next()) {
                    out.add(new RoleState(rs.getString(1), true, rs.getBoolean(2), generation(rs.getString(3)),
                            Set.of()));
                }
            }
            return out;
        });
    }

    /** What was run for one role, and the password generation to log in with. */
    public record Applied(RolePlan plan, int generation, List<String> executed, Set<String> roles) {
        public Applied {
            roles = Set.copyOf(roles);
        }
    }

    private static boolean needsVerifier(RolePlan plan) {
        return plan.statements().stream().anyMatch(sql -> sql.contains(RolePlan.VERIFIER));
    }

    /**
     * Runs the plan's statements in one round trip (pgjdbc sends a multi-statement string as one batch), inside the
     * caller's transaction. {@code verifier} was derived beforehand; null derives one here if the plan needs it (the
     * role vanished between the first read and this one).
     */
    private Applied apply(Connection c, RolePlan plan, String verifier) throws SQLException {
        if (!plan.isEmpty()) {
            String real = null;
            if (needsVerifier(plan)) {
                real = RoleNames.literal(verifier != null ? verifier : secrets.newVerifier(plan.role(), 1));
            }
            StringBuilder batch = new StringBuilder();
            for (String sql : plan.statements()) {
                batch.append(real == null ? sql : sql.replace(RoleNames.literal(RolePlan.VERIFIER), real)).append(";\n");
            }
            try (Statement s = c.createStatement()) {
                s.execute(batch.toString());
            }
        }
        RoleState after = read(c, plan.role());
        // the planned form is what callers see and audit: never the verifier
        return new Applied(plan, Math.max(1, after.managedGeneration()), plan.statements(), after.memberOf());
    }

    /**
     * Reads the role inside a transaction that changes it, after taking a transaction-level advisory lock keyed by
     * the role name on the upstream server. The engines of a fleet all see the same directory change and all
     * provision for it; with the lock they take turns, and each plans from what the one before committed: the first
     * runs the SQL, the others find the role in agreement and run nothing (issue 17: once for the fleet). Released
     * at commit or rollback; for a single engine it costs one statement per change.
     */
    static RoleState readLocked(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, FLEET_LOCK_CLASS);
            ps.setString(2, role);
            ps.execute();
        }
        return read(c, role);
    }

    static RoleState read(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select r.rolcanlogin, shobj_description(r.oid, 'pg_authid'),"
                + " array(select g.rolname from pg_auth_members m join pg_roles g on g.oid = m.roleid"
                + " where m.member = r.oid)::text[] from pg_roles r where r.rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return RoleState.absent(role);
                }
                Set<String> memberOf = new HashSet<>(Arrays.asList((String[]) rs.getArray(3).getArray()));
                return new RoleState(role, true, rs.getBoolean(1), generation(rs.getString(2)), Set.copyOf(memberOf));
            }
        }
    }

    static int generation(String comment) {
        if (comment == null) {
            return 0;
        }
        Matcher m = GENERATION.matcher(comment);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
