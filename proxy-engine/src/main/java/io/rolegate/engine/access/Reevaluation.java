package io.rolegate.engine.access;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.config.AccessConfig;
import io.rolegate.engine.directory.Directory;
import io.rolegate.engine.directory.LookupResult;
import io.rolegate.engine.policy.Decision;
import io.rolegate.engine.policy.PolicyEngine;
import io.rolegate.engine.protocol.SqlState;
import io.rolegate.engine.provisioning.RoleNames;
import io.rolegate.engine.provisioning.RoleProvisioner;
import io.rolegate.engine.session.DisconnectReason;
import io.rolegate.engine.session.Session;
import io.rolegate.engine.session.SessionFacts;
import io.rolegate.engine.session.SessionIdentity;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.audit.AuditLog;
import io.rolegate.engine.store.role.RoleEntries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Re-runs the decision for one directory user and makes the database agree at once. The user as a whole is decided
 * on directory facts; each live session again with its own facts (source, database, application, time now).
 * Still allowed → the login role holds what every remaining session is entitled to: a GRANT takes effect at the
 * next privilege check, a REVOKE ends the sessions that could still use the role ({@link RoleLoss}); a session
 * now refused ends alone. Now denied → end their proxied sessions with 57P01 saying why, set the role NOLOGIN, end
 * any other backend of that role (direct logins that bypassed the proxy). Every step is audited. Blocking: worker
 * threads only.
 */
public final class Reevaluation {
    private static final Logger log = LoggerFactory.getLogger(Reevaluation.class);
    /** Who a revocation names when the directory changed. */
    private static final String BY_DIRECTORY = "the directory";

    private final Directory directory;
    private final Supplier<AccessConfig> access;
    private final RoleProvisioner provisioner;
    private final SessionRegistry sessions;
    private final AuditLog audit;
    private final Clock clock;
    private final java.util.function.Consumer<String> forgetCachedLogins;
    private final java.util.function.BiConsumer<String, LookupResult> lookedUp;
    private final MembershipIndex memberships;
    private java.util.function.Function<String, java.util.Optional<RoleEntries.Binding>> owners =
            role -> java.util.Optional.empty();

    /**
     * @param forgetCachedLogins drops cached directory answers for a user before their access is re-decided
     * @param lookedUp           told what the directory answered for a user here (the login side checks the
     *                           answer it remembers for an outage against it, without asking the directory again)
     * @param memberships        updated with every user this re-evaluation finds (or no longer finds)
     */
    public Reevaluation(Directory directory, Supplier<AccessConfig> access, RoleProvisioner provisioner,
                        SessionRegistry sessions, AuditLog audit, Clock clock,
                        java.util.function.Consumer<String> forgetCachedLogins,
                        java.util.function.BiConsumer<String, LookupResult> lookedUp, MembershipIndex memberships) {
        this.forgetCachedLogins = forgetCachedLogins;
        this.lookedUp = lookedUp;
        this.memberships = memberships;
        this.directory = directory;
        this.access = access;
        this.provisioner = provisioner;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Which directory entry owns each managed role: a role is re-decided on its owner's entry, found by DN and
     * checked by id, never on whoever answers to its name now (a re-created account, a look-alike name).
     */
    public void ownership(java.util.function.Function<String, java.util.Optional<RoleEntries.Binding>> owners) {
        this.owners = owners;
    }

    /**
     * The decision for {@code username} as a whole under {@code rules}: directory facts only, every database
     * (what a console preview or a mapping plan shows). Never refused for a source or a time of day.
     */
    public Decision decide(String username, AccessConfig rules) {
        return decide(lookup(username, Set.of()), username, rules);
    }

    /**
     * Asks the directory about {@code username} — about the entry owning its role when one does — reading membership
     * of {@code changedGroups} from the groups.
     */
    private LookupResult lookup(String username, Set<DN> changedGroups) {
        String role = roleOrNull(username);
        java.util.Optional<RoleEntries.Binding> owner = role == null ? java.util.Optional.empty() : owners.apply(role);
        LookupResult found = owner.isPresent() ? ownerNow(owner.get(), username, changedGroups)
                : directory.lookup(username, changedGroups);
        lookedUp.accept(username, found);
        if (found instanceof LookupResult.Found user) {
            memberships.record(user.user());
        } else if (!(found instanceof io.rolegate.engine.directory.AuthResult.DirectoryUnavailable)) {
            memberships.forget(username);
        }
        return found;
    }

    private Decision decide(LookupResult found, String username, AccessConfig rules) {
        String role = roleOrNull(username);
        if (found instanceof io.rolegate.engine.directory.AuthResult.DirectoryUnavailable gone) {
            return new Decision.Deny(io.rolegate.engine.policy.DenyReason.DIRECTORY_UNAVAILABLE,
                    "rolegate: directory unavailable", "directory unavailable: " + gone.cause());
        }
        if (!(found instanceof LookupResult.Found user)) {
            String detail = found instanceof io.rolegate.engine.directory.AuthResult.NoSuchUser none
                    && role != null && owners.apply(role).isPresent() ? none.detail()
                    : "no directory entry for " + username;
            return new Decision.Deny(io.rolegate.engine.policy.DenyReason.ACCOUNT_NOT_USABLE,
                    "rolegate: user \"" + username + "\" is no longer in the directory", detail);
        }
        if (role != null && owners.apply(role).isPresent() && !role.equals(roleOrNull(user.user().username()))) {
            return new Decision.Deny(io.rolegate.engine.policy.DenyReason.ACCOUNT_NOT_USABLE,
                    "rolegate: the directory entry owning role \"" + role + "\" was renamed to \""
                    + user.user().username() + "\"; a DBA renames the role to follow",
                    "entry " + user.user().dn() + " owns role " + role + " but its user name is now "
                    + user.user().username());
        }
        return PolicyEngine.decideOnDirectoryFacts(user.user(), clock.instant(), rules.mappings(), rules.policies());
    }

    /**
     * The owner's entry as the directory has it now: at its DN, or (moved to another subtree) under its name —
     * either way only if it is the same entry by id. NoSuchUser otherwise: the owner is gone, and whoever has its
     * DN or name now (a re-created account) does not inherit its role.
     */
    private LookupResult ownerNow(RoleEntries.Binding owner, String username, Set<DN> changedGroups) {
        LookupResult atDn = directory.lookupEntry(io.rolegate.engine.api.model.Dns.parse(owner.entryDn()),
                changedGroups);
        if (atDn instanceof io.rolegate.engine.directory.AuthResult.DirectoryUnavailable
                || atDn instanceof LookupResult.Found same && same.user().entryId().equals(owner.entryId())) {
            return atDn;
        }
        LookupResult byName = directory.lookup(username, changedGroups);
        if (byName instanceof io.rolegate.engine.directory.AuthResult.DirectoryUnavailable
                || byName instanceof LookupResult.Found moved && moved.user().entryId().equals(owner.entryId())) {
            return byName;
        }
        return new io.rolegate.engine.directory.AuthResult.NoSuchUser(owner.role(), "the directory entry that owned"
                + " role " + owner.role() + " (" + owner.entryDn() + ", " + owner.entryId() + ") is gone; an entry"
                + " answering to its DN or name now is another person and does not inherit it");
    }

    private static String roleOrNull(String username) {
        try {
            return RoleNames.forUser(username);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Re-decides and enforces for one user; returns the decision taken. A same-named role Rolegate does not manage
     * is left alone (the user cannot log in through the proxy anyway).
     */
    public Decision enforce(String username, String why) throws SQLException {
        return enforce(username, why, Set.of());
    }

    /**
     * As {@link #enforce(String, String)} after a watcher reported writes to {@code changedGroups}, whose member
     * lists then decide membership in them (a memberOf overlay may not have caught up yet).
     */
    public Decision enforce(String username, String why, Set<DN> changedGroups) throws SQLException {
        return enforce(username, why, changedGroups, BY_DIRECTORY);
    }

    /**
     * As {@link #enforce(String, String)} after a change of the rules rather than of the directory: the sessions it
     * ends hear {@code "access revoked by " + revokedBy} (e.g. "configuration version 7").
     */
    public Decision enforceRules(String username, String why, String revokedBy) throws SQLException {
        return enforce(username, why, Set.of(), revokedBy);
    }

    private Decision enforce(String username, String why, Set<DN> changedGroups, String revokedBy)
            throws SQLException {
        forgetCachedLogins.accept(username); // else a cached login could grant again what is being revoked
        try {
            return enforceManaged(username, why, changedGroups, revokedBy);
        } catch (io.rolegate.engine.provisioning.UnmanagedRoleException e) {
            log.info("not enforcing on {}: {}", username, e.getMessage());
            return decide(lookup(username, changedGroups), username, access.get());
        }
    }

    private Decision enforceManaged(String username, String why, Set<DN> changedGroups, String revokedBy)
            throws SQLException {
        AccessConfig rules = access.get();
        LookupResult found = lookup(username, changedGroups);
        Decision decision = decide(found, username, rules);
        String role = RoleNames.forUser(username);
        if (decision instanceof Decision.Deny && !provisioner.state(role).managed()) {
            return decision; // never provisioned (or not ours): nothing upstream to revoke
        }
        if (decision instanceof Decision.Allow allow) {
            if (owners.apply(role).isEmpty() && !provisioner.state(role).exists()) {
                return decision; // never logged in: the first login records the role's owner and creates it
            }
            Set<String> held = heldBySessions(((LookupResult.Found) found).user(), role, rules, revokedBy);
            // a lost role ends the sessions that could use it: RoleLoss
            RoleProvisioner.Applied applied = held != null ? provisioner.allow(role, held)
                    : provisioner.keepOnly(role, allow.roles()).orElse(null);
            if (applied != null && !applied.executed().isEmpty()) {
                record(AuditEventType.PROVISIONED, username, "roles of " + role + " changed: " + why,
                        AuditDetails.create().put("sql", applied.executed()));
            }
            return decision;
        }
        if (decision instanceof Decision.Deny deny && deny.reason()
                == io.rolegate.engine.policy.DenyReason.DIRECTORY_UNAVAILABLE) {
            log.warn("not re-evaluating {}: {}", username, deny.explanation());
            return decision; // a directory outage is not a revocation: ChangeEnforcer tries again soon
        }
        Decision.Deny deny = (Decision.Deny) decision;
        String message = "rolegate: access revoked by " + revokedBy + ": " + deny.explanation();
        // committed before the sweep below: a node whose session's backend it ends tells its client these words
        record(AuditEventType.REVOCATION, username, message, RevocationSweeps.notice(role).put("reason", why));
        sessions.keptConnections().evict(role); // no later login may be handed one of its server connections
        List<Session> ending = SessionEnding.endAll(sessions, role, message);
        SessionEnding.awaitTerminating(ending);
        RoleProvisioner.Applied applied = provisioner.deny(role);
        int direct = provisioner.terminateBackends(role);
        record(AuditEventType.REVOCATION, username, "role " + role + " locked; " + ending.size() + " proxied and "
                + direct + " direct session(s) ended", AuditDetails.create().put("sql", applied.executed()));
        return decision;
    }

    /**
     * Re-decides each live session of {@code role} with its own facts (source, database, application, time now):
     * a session now refused ends; the role keeps only the roles every remaining session is entitled to, since
     * memberships are shared by all of them. Null when no session remains: then the role only keeps what the
     * directory still gives the user as a whole, and gains nothing ({@link RoleProvisioner#keepOnly}) — a login in
     * flight, not registered yet, sets its own roles, and "every database's" roles would reach the wrong one.
     */
    private Set<String> heldBySessions(io.rolegate.engine.directory.DirectoryUser user, String role,
                                       AccessConfig rules, String revokedBy) {
        Set<String> held = null;
        for (Session s : sessions.directorySessionsOf(role)) {
            Decision d = PolicyEngine.decide(user, SessionFacts.of(s, clock.instant()), rules.mappings(),
                    rules.policies());
            if (d instanceof Decision.Allow allow) {
                held = held == null ? new TreeSet<>(allow.roles()) : held;
                held.retainAll(allow.roles());
            } else {
                String message = "rolegate: access revoked by " + revokedBy + ": " + d.explanation();
                record(AuditEventType.REVOCATION, user.username(), message, AuditDetails.create().put("role", role)
                        .put("session", s.id()));
                s.terminate(DisconnectReason.REVOKED, message);
            }
        }
        return held;
    }

    private void record(AuditEventType type, String user, String message, AuditDetails details) {
        AuditEvent e = AuditEvent.of(type, message).withUser(user).withActor("rolegate")
                .withSqlstate(type == AuditEventType.REVOCATION ? SqlState.ADMIN_SHUTDOWN : null)
                .withDetails(details);
        try {
            audit.append(e).get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while auditing a revocation", ex);
        } catch (java.util.concurrent.ExecutionException ex) {
            throw new IllegalStateException("the audit log could not record: " + message, ex);
        }
    }

    /**
     * The managed roles of live proxied sessions, to re-evaluate after a change: the role names the entry, where
     * the name a client typed ({@code ALICE}) only led to it.
     */
    public List<String> liveDirectoryUsers() {
        return sessions.live().stream().map(Session::identity)
                .filter(i -> i.directoryDn() != null && i.loginRole() != null)
                .map(SessionIdentity::loginRole).distinct().sorted().toList();
    }
}
