package io.rolegate.engine.access;

import io.rolegate.engine.api.model.UpstreamRole;
import io.rolegate.engine.api.model.RoleChange;
import io.rolegate.engine.api.model.AccessPreview;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;
import io.rolegate.engine.config.AccessConfig;
import io.rolegate.engine.directory.Directory;
import io.rolegate.engine.directory.DirectoryUnavailableException;
import io.rolegate.engine.directory.GroupMembers;
import io.rolegate.engine.policy.Decision;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.provisioning.RoleNames;
import io.rolegate.engine.provisioning.RolePlan;
import io.rolegate.engine.provisioning.RoleProvisioner;
import io.rolegate.engine.provisioning.RoleState;
import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.audit.AuditLog;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mapping administration for the console: preview one user's access, plan a mapping change (exactly which users
 * gain or lose which roles, and the SQL), apply it (audited before it takes effect, then enforced at once on live
 * sessions and managed roles), and list upstream roles as drop targets. Blocking: call from background tasks.
 */
public final class AccessAdmin {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AccessAdmin.class);
    private static final int MAX_NESTING = 10;

    private final Directory directory;
    private final AtomicReference<AccessConfig> access;
    private final RoleProvisioner provisioner;
    private final Reevaluation reevaluation;
    private final AuditLog audit;

    public AccessAdmin(Directory directory, AtomicReference<AccessConfig> access, RoleProvisioner provisioner,
                       Reevaluation reevaluation, AuditLog audit) {
        this.directory = directory;
        this.access = access;
        this.provisioner = provisioner;
        this.reevaluation = reevaluation;
        this.audit = audit;
    }

    public List<Mapping> mappings() {
        return access.get().mappings();
    }

    public AccessPreview preview(String username) {
        Decision d = reevaluation.decide(username, access.get());
        if (d instanceof Decision.Allow a) {
            return new AccessPreview(username, true, a.roles(), a.settings(), a.explanation(), null, null);
        }
        Decision.Deny deny = (Decision.Deny) d;
        return new AccessPreview(username, false, Set.of(), Map.of(), deny.explanation(), deny.sqlState(),
                deny.message());
    }

    /** Who would gain or lose what if {@code proposed} replaced the current mappings; changes nothing. */
    public List<RoleChange> plan(List<Mapping> proposed) throws SQLException {
        AccessConfig now = access.get();
        AccessConfig next = now.withMappings(proposed);
        List<RoleChange> changes = new ArrayList<>();
        for (String user : affectedUsers(now.mappings(), proposed)) {
            Decision before = reevaluation.decide(user, now);
            Decision after = reevaluation.decide(user, next);
            Set<String> was = before instanceof Decision.Allow a ? a.roles() : Set.of();
            Set<String> will = after instanceof Decision.Allow a ? a.roles() : Set.of();
            if (was.equals(will) && before.getClass() == after.getClass()) {
                continue;
            }
            String role = RoleNames.forUser(user);
            RoleState state = provisioner.state(role);
            List<String> sql = after instanceof Decision.Allow
                    ? RolePlan.toAllow(state, will).statements()
                    : state.exists() && state.managed() ? RolePlan.toDeny(state).statements() : List.of();
            changes.add(new RoleChange(user, role, was, will, after instanceof Decision.Deny, sql));
        }
        return changes;
    }

    /**
     * Replaces the mappings on behalf of {@code admin}: audited first (durably), then in force for new logins,
     * then enforced on every affected user with a live session or a managed role. Returns what changed.
     */
    public List<RoleChange> apply(List<Mapping> proposed, String admin, String comment) throws SQLException {
        List<RoleChange> plan = plan(proposed);
        List<Mapping> before = access.get().mappings();
        AuditEvent event = AuditEvent.of(AuditEventType.MAPPING_CHANGED, comment == null ? "mappings changed" : comment)
                .withActor(admin).withDetails(AuditDetails.create()
                        .put("before", describe(before)).put("after", describe(proposed))
                        .put("users", plan.stream().map(RoleChange::username).toList()));
        try {
            audit.append(event).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before the change was recorded; nothing changed", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the audit log could not record the change, so it was not made", e);
        }
        access.updateAndGet(a -> a.withMappings(proposed));
        Set<String> users = new TreeSet<>(plan.stream().map(RoleChange::username).toList());
        users.addAll(reevaluation.liveDirectoryUsers());
        for (String user : users) {
            try {
                reevaluation.enforce(user, "mapping change by " + admin);
            } catch (SQLException | RuntimeException e) {
                // one user's failure must not leave the others unenforced; the reconciliation retries it
                log.warn("could not enforce the mapping change on {}: {}", user, e.getMessage());
            }
        }
        return plan;
    }

    /** Roles a DBA can map to (not PostgreSQL's own), with the groups mapped to each. */
    public List<UpstreamRole> upstreamRoles() throws SQLException {
        List<UpstreamRole> out = new ArrayList<>();
        for (RoleState r : provisioner.listRoles()) {
            List<String> groups = access.get().mappings().stream().filter(m -> m.roles().contains(r.name()))
                    .map(Mapping::groupDn).sorted().toList();
            out.add(new UpstreamRole(r.name(), r.canLogin(), r.managed(), groups));
        }
        return out;
    }

    private static List<String> describe(List<Mapping> mappings) {
        return mappings.stream().map(m -> m.groupDn() + " -> " + new TreeSet<>(m.roles())).sorted().toList();
    }

    /** Users in any group whose mapping differs between the two lists, nested members included. */
    private Set<String> affectedUsers(List<Mapping> before, List<Mapping> after) {
        Set<String> groups = new HashSet<>();
        Set<Mapping> a = new HashSet<>(before);
        Set<Mapping> b = new HashSet<>(after);
        for (Mapping m : before) {
            if (!b.contains(m)) {
                groups.add(m.groupDn());
            }
        }
        for (Mapping m : after) {
            if (!a.contains(m)) {
                groups.add(m.groupDn());
            }
        }
        Set<String> users = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        for (String g : groups) {
            collect(g, users, seen, 0);
        }
        return users;
    }

    private void collect(String groupDn, Set<String> users, Set<String> seen, int depth) {
        if (depth > MAX_NESTING || !seen.add(groupDn.toLowerCase(java.util.Locale.ROOT))) {
            return;
        }
        try {
            GroupMembers members = directory.browser().members(new DN(groupDn));
            String attribute = directory.settings().usernameAttribute();
            for (DN user : members.users()) {
                RDN rdn = user.getRDN();
                if (rdn != null && rdn.hasAttribute(attribute)) {
                    users.add(rdn.getAttributeValues()[0]);
                }
            }
            users.addAll(members.memberUids());
            for (DN child : members.groups()) {
                collect(child.toString(), users, seen, depth + 1);
            }
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new IllegalArgumentException("not a valid group DN: " + groupDn, e);
        } catch (DirectoryUnavailableException e) {
            throw new IllegalStateException("the directory is unavailable: " + e.getMessage(), e);
        }
    }
}
