package io.rolegate.engine.auth;

import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.protocol.SqlState;
import io.rolegate.engine.provisioning.RoleNames;
import io.rolegate.engine.provisioning.RoleProvisioner;
import io.rolegate.engine.provisioning.RoleState;
import io.rolegate.engine.store.role.RoleEntries;
import io.rolegate.engine.store.role.RoleEntries.Binding;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which directory entry owns which managed login role, and the rule that a role never passes silently to another
 * person (decision record 0010). A role is bound to the entry that first logged in as it; afterwards:
 * <ul>
 *   <li>another entry whose name folds to the same role name (a deleted account re-created under the same name,
 *       {@code Kim} in another subtree, {@code \u212Aim} with a KELVIN SIGN) is refused while the role exists;</li>
 *   <li>the owner whose user name changed (a uid rename) is refused under the new name while its old role exists:
 *       the DBA renames the role to follow ({@code ALTER ROLE ... RENAME TO ...}), which keeps its objects;</li>
 *   <li>a binding whose role no longer exists upstream (renamed or dropped by a DBA) is released, audited.</li>
 * </ul>
 * Roles provisioned before bindings were recorded are taken over only by an entry whose name is plainly the role's
 * ({@link RoleNames#plainlyNamed}). {@link #ownedBy} reads memory only (the event loop's warm path); {@link #claim}
 * asks the server and writes the store (a worker).
 */
public final class RoleOwnership {
    /** Where ownership changes and refusals are audited. */
    @FunctionalInterface
    public interface Audit {
        void record(String user, String message);
    }

    private final RoleEntries store;
    private final RoleProvisioner provisioner;
    private final Audit audit;
    private final Clock clock;
    private final ConcurrentHashMap<String, Binding> byRole = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> roleLocks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> entryLocks = new ConcurrentHashMap<>();

    /** @param store the bindings' durable home; null keeps them in memory only (tests) */
    public RoleOwnership(RoleEntries store, RoleProvisioner provisioner, Audit audit, Clock clock) {
        this.store = store;
        this.provisioner = provisioner;
        this.audit = audit;
        this.clock = clock;
        if (store != null) {
            byRole.putAll(store.all());
        }
    }

    /** In memory only, audit to nowhere: for tests and tools that build a login without a store. */
    public static RoleOwnership inMemory(RoleProvisioner provisioner) {
        return new RoleOwnership(null, provisioner, (user, message) -> { }, Clock.systemUTC());
    }

    /** Whether {@code role} is bound to the entry {@code entryId} already. Memory only: safe on an event loop. */
    public boolean ownedBy(String role, String entryId) {
        Binding b = byRole.get(role);
        return b != null && b.entryId().equals(entryId);
    }

    /** The entry {@code role} is bound to, if any (a re-evaluation decides on that entry, not on the name). */
    public Optional<Binding> owner(String role) {
        return Optional.ofNullable(byRole.get(role));
    }

    /**
     * Binds {@code role} to {@code user}'s entry when the rules allow, or says why not in words for the client
     * (28000). Blocking: reads the role's state upstream and writes the store.
     */
    public Optional<LoginOutcome.Refused> claim(String role, DirectoryUser user) throws SQLException {
        Binding known = byRole.get(role);
        if (known != null && known.entryId().equals(user.entryId())) {
            if (!known.entryDn().equals(user.dn().toString())) {
                moved(known, user); // the same entry under another DN (moved or its RDN renamed): follow it
            }
            return Optional.empty();
        }
        // One claim per role and per entry at a time (the rules read both maps for them); claims of different
        // users run in parallel: in a first-login storm every login is a first claim.
        synchronized (roleLocks.computeIfAbsent(role, r -> new Object())) {
            synchronized (entryLocks.computeIfAbsent(user.entryId(), e -> new Object())) {
                return claimLocked(role, user);
            }
        }
    }

    private Optional<LoginOutcome.Refused> claimLocked(String role, DirectoryUser user) throws SQLException {
        if (ownedBy(role, user.entryId())) {
            return Optional.empty();
        }
        RoleState state = provisioner.state(role);
        if (state.exists() && !state.managed()) {
            return Optional.empty(); // not Rolegate's: the provisioner refuses it with its own words
        }
        Binding owner = byRole.get(role);
        if (owner != null && !state.exists()) {
            release(owner, "role " + role + " no longer exists in PostgreSQL (renamed or dropped by a DBA)");
            owner = null;
        }
        if (owner != null) {
            return Optional.of(refuse(user, "rolegate: the PostgreSQL role \"" + role + "\" belongs to another"
                    + " directory entry than yours (a re-created account, or another name that folds to \"" + role
                    + "\"); Rolegate does not hand a role to another person. Ask a DBA to rename or drop the"
                    + " old role (ALTER ROLE " + RoleNames.quote(role) + " RENAME TO ...); your entry then gets"
                    + " \"" + role + "\" at its next login", "role " + role + " is bound to " + owner.entryDn()
                    + " (" + owner.entryId() + "); refused to " + user.dn() + " (" + user.entryId() + ")"));
        }
        Optional<Binding> earlier = byRole.values().stream().filter(b -> b.entryId().equals(user.entryId()))
                .findFirst();
        if (earlier.isPresent()) {
            Binding old = earlier.get();
            if (provisioner.state(old.role()).exists()) {
                return Optional.of(refuse(user, "rolegate: your directory entry owns the PostgreSQL role \""
                        + old.role() + "\" and its user name is now \"" + user.username() + "\"; a role is not"
                        + " renamed behind the DBA's back. Ask a DBA to rename it: ALTER ROLE "
                        + RoleNames.quote(old.role()) + " RENAME TO " + RoleNames.quote(role)
                        + " (it keeps its objects and grants)", "entry " + user.dn() + " (" + user.entryId()
                        + ") owns role " + old.role() + " but maps to " + role + " now (renamed)"));
            }
            release(old, "role " + old.role() + " no longer exists in PostgreSQL (renamed or dropped by a DBA)");
        }
        if (state.exists() && !RoleNames.plainlyNamed(user.username(), role)) {
            return Optional.of(refuse(user, "rolegate: the PostgreSQL role \"" + role + "\" existed before"
                    + " Rolegate recorded its owner, and your user name \"" + user.username() + "\" is not"
                    + " plainly \"" + role + "\" (it holds look-alike characters); it is not handed over. Ask a"
                    + " DBA to rename or drop the old role", "legacy role " + role + " not taken over by "
                    + user.dn() + " (" + user.entryId() + "), name not in normal form"));
        }
        Binding mine = new Binding(role, user.entryId(), user.dn().toString(), clock.instant());
        if (store != null) {
            store.bind(mine);
        }
        byRole.put(role, mine);
        audit.record(role, "role " + role + " belongs to directory entry " + user.dn() + " (" + user.entryId()
                + ")" + (state.exists() ? "; the role existed before its owner was recorded" : ""));
        return Optional.empty();
    }

    private synchronized void moved(Binding known, DirectoryUser user) {
        Binding now = new Binding(known.role(), known.entryId(), user.dn().toString(), known.boundAt());
        if (store != null) {
            store.bind(now);
        }
        byRole.replace(known.role(), known, now);
        audit.record(known.role(), "role " + known.role() + " follows its directory entry " + known.entryId()
                + " from " + known.entryDn() + " to " + user.dn());
    }

    private void release(Binding b, String why) {
        if (store != null) {
            store.release(b.role());
        }
        byRole.remove(b.role(), b);
        audit.record(b.role(), "role " + b.role() + " no longer belongs to " + b.entryDn() + " (" + b.entryId()
                + "): " + why);
    }

    private LoginOutcome.Refused refuse(DirectoryUser user, String message, String explanation) {
        audit.record(user.username(), "refused: " + explanation);
        return new LoginOutcome.Refused(SqlState.INVALID_AUTHORIZATION, message, explanation);
    }
}
