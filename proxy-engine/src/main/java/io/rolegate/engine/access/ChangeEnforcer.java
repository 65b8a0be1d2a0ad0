package io.rolegate.engine.access;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.directory.watch.ChangeListener;
import io.rolegate.engine.directory.watch.DirectoryChange;
import io.rolegate.engine.provisioning.RoleProvisioner;
import io.rolegate.engine.provisioning.RoleState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns directory changes into enforcement. A change to a user entry named by its user-name attribute
 * re-evaluates that user; any other change (a group's membership or nesting, an entry renamed or deleted, a
 * resync) re-evaluates every user Rolegate knows: those with live proxied sessions and those with managed roles.
 * Work is coalesced on one thread — a burst of changes costs one pass — and a periodic full reconciliation
 * catches whatever a watcher missed.
 */
public final class ChangeEnforcer implements ChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeEnforcer.class);

    private final Reevaluation reevaluation;
    private final RoleProvisioner provisioner;
    private final DirectorySettings settings;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "rolegate-enforce"));
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "rolegate-reconcile"));
    private final Set<String> pendingUsers = new LinkedHashSet<>();
    /** Entries other than users that changed since the last pass: their member lists decide membership in them. */
    private final Set<DN> pendingGroups = new LinkedHashSet<>();
    private boolean pendingEveryone;
    private boolean scheduled;

    public ChangeEnforcer(Reevaluation reevaluation, RoleProvisioner provisioner, DirectorySettings settings) {
        this.reevaluation = reevaluation;
        this.provisioner = provisioner;
        this.settings = settings;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts the periodic reconciliation; {@code every} zero or negative turns it off. */
    public void reconcileEvery(java.time.Duration every) {
        if (!every.isZero() && !every.isNegative()) {
            reconciler.scheduleWithFixedDelay(() -> enqueue(null, true), every.toMillis(), every.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onChange(DirectoryChange change) {
        String user = change.kind() == DirectoryChange.Kind.MODIFY || change.kind() == DirectoryChange.Kind.ADD
                ? userNamed(change.dn()) : null;
        if (user == null && change.kind() != DirectoryChange.Kind.RESYNC) {
            synchronized (pendingUsers) {
                pendingGroups.add(change.dn());
            }
        }
        enqueue(user, user == null);
    }

    /** The user name when {@code dn} is a user entry whose RDN is the user-name attribute; null otherwise. */
    private String userNamed(DN dn) {
        try {
            DN people = new DN(settings.userBase());
            RDN rdn = dn.getRDN();
            if (rdn == null || !dn.isDescendantOf(people, false) || isGroup(dn)
                    || !rdn.hasAttribute(settings.usernameAttribute())) {
                return null;
            }
            return rdn.getAttributeValues()[0];
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            return null;
        }
    }

    private boolean isGroup(DN dn) throws com.unboundid.ldap.sdk.LDAPException {
        return settings.groupBase() != null && dn.isDescendantOf(new DN(settings.groupBase()), true);
    }

    private void enqueue(String user, boolean everyone) {
        synchronized (pendingUsers) {
            if (everyone) {
                pendingEveryone = true;
            } else {
                pendingUsers.add(user);
            }
            if (scheduled) {
                return; // the pass under way will pick this up
            }
            scheduled = true;
        }
        worker.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Set<String> users;
            Set<DN> groups;
            boolean everyone;
            synchronized (pendingUsers) {
                if (pendingUsers.isEmpty() && !pendingEveryone) {
                    scheduled = false;
                    return;
                }
                users = new LinkedHashSet<>(pendingUsers);
                groups = Set.copyOf(pendingGroups);
                everyone = pendingEveryone;
                pendingUsers.clear();
                pendingGroups.clear();
                pendingEveryone = false;
            }
            if (everyone) {
                users.addAll(knownUsers());
            }
            for (String u : users) {
                try {
                    reevaluation.enforce(u, everyone ? "directory change (full re-evaluation)" : "directory change",
                            groups);
                } catch (SQLException | RuntimeException e) {
                    log.warn("could not re-evaluate {} after a directory change: {}", u, e.getMessage());
                }
            }
        }
    }

    /** Users with live proxied sessions, and the names of managed roles. */
    private Set<String> knownUsers() {
        Set<String> users = new TreeSet<>(reevaluation.liveDirectoryUsers());
        try {
            for (RoleState r : provisioner.listRoles()) {
                if (r.managed() && r.canLogin()) {
                    users.add(r.name());
                }
            }
        } catch (SQLException e) {
            log.warn("could not list managed roles for re-evaluation: {}", e.getMessage());
        }
        return users;
    }

    @Override
    public void close() {
        reconciler.shutdownNow();
        worker.shutdownNow();
    }
}
