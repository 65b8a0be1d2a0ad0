package io.rolegate.engine.access;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.directory.watch.ChangeListener;
import io.rolegate.engine.directory.watch.DirectoryChange;
import io.rolegate.engine.policy.Decision;
import io.rolegate.engine.policy.DenyReason;
import io.rolegate.engine.provisioning.RoleProvisioner;
import io.rolegate.engine.provisioning.RoleState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.HashSet;
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
 * resync) re-evaluates every user Rolegate knows: those with live proxied sessions and those with managed roles,
 * starting with those the {@link MembershipIndex} says the change concerns. Work is coalesced on one thread — a
 * burst of changes costs one pass — and a periodic full reconciliation catches whatever a watcher missed.
 */
public final class ChangeEnforcer implements ChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeEnforcer.class);

    private final Reevaluation reevaluation;
    private final RoleProvisioner provisioner;
    private final DirectorySettings settings;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "rolegate-enforce"));
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(
            io.rolegate.engine.threads.BackgroundThreads.named("rolegate-reconcile"));
    private java.util.concurrent.ScheduledFuture<?> reconciling;
    private final Set<String> pendingUsers = new LinkedHashSet<>();
    /** Entries other than users that changed since the last pass: their member lists decide membership in them. */
    private final Set<DN> pendingGroups = new LinkedHashSet<>();
    private boolean pendingEveryone;
    private boolean scheduled;
    /** The rest of full passes, re-decided one user at a time after any newer change. Worker thread only. */
    private final Set<String> backlog = new LinkedHashSet<>();
    private final Set<DN> backlogGroups = new HashSet<>();
    private final MembershipIndex memberships;
    private final GroupMembers groupMembers;
    /** First wait before a user whose re-decision could not be made is tried again. */
    static final java.time.Duration RETRY_MIN = java.time.Duration.ofSeconds(1);
    /** The longest wait between such retries. */
    static final java.time.Duration RETRY_MAX = java.time.Duration.ofSeconds(30);
    private final java.util.Map<String, Integer> retryAttempts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> retrying = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param memberships  whom a change concerns, to re-decide them first
     * @param groupMembers reads a changed group's members, to re-decide first whoever it no longer lists
     */
    public ChangeEnforcer(Reevaluation reevaluation, RoleProvisioner provisioner, DirectorySettings settings,
                          MembershipIndex memberships, GroupMembers groupMembers) {
        this.memberships = memberships;
        this.groupMembers = groupMembers;
        this.reevaluation = reevaluation;
        this.provisioner = provisioner;
        this.settings = settings;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts the periodic reconciliation; {@code every} zero or negative turns it off. The first pass runs at once:
     * a watcher's first synchronisation reports nothing that changed while the engine was down, so without it a
     * user disabled during that time would keep a LOGIN role until the first period ends.
     */
    public synchronized void reconcileEvery(java.time.Duration every) {
        if (reconciling != null) {
            reconciling.cancel(false); // a new interval (a configuration version taken live) replaces the old one
            reconciling = null;
        }
        if (!every.isZero() && !every.isNegative()) {
            reconciling = reconciler.scheduleWithFixedDelay(() -> enqueue(null, true), 0, every.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Re-decides everyone Rolegate knows, soon (coalesced with any pass under way): the rules changed. */
    public void reconcileNow() {
        enqueue(null, true);
    }

    @Override
    public void onChange(DirectoryChange change) {
        String user = change.kind() == DirectoryChange.Kind.MODIFY || change.kind() == DirectoryChange.Kind.ADD
                ? userNamed(change.dn()) : null;
        if (user == null && change.kind() != DirectoryChange.Kind.RESYNC) {
            memberships.changed(change.dn()); // logins in the next moments read its members themselves
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

    /** A group's member DNs as the directory lists them now. */
    @FunctionalInterface
    public interface GroupMembers {
        Set<DN> of(DN group) throws com.unboundid.ldap.sdk.LDAPException;
    }

    private void drain() {
        while (!closed) {
            Batch batch = take();
            if (batch != null) {
                run(batch);
            } else if (!backlog.isEmpty()) {
                String next = backlog.iterator().next();
                backlog.remove(next);
                enforce(next, "directory change (full re-evaluation)", backlogGroups);
                if (backlog.isEmpty()) {
                    backlogGroups.clear();
                }
            } else {
                return;
            }
        }
    }

    /** Set by {@link #close()}: the engine is stopping, so the backlog is dropped rather than run on closed pools. */
    private volatile boolean closed;

    /** What changed since the last pass. */
    private record Batch(Set<String> users, Set<DN> groups, boolean everyone) {
    }

    /** The pending changes, or null; with none and no backlog either, marks the worker idle. */
    private Batch take() {
        synchronized (pendingUsers) {
            if (pendingUsers.isEmpty() && !pendingEveryone) {
                if (backlog.isEmpty()) {
                    scheduled = false;
                }
                return null;
            }
            Batch batch = new Batch(new LinkedHashSet<>(pendingUsers), Set.copyOf(pendingGroups), pendingEveryone);
            pendingUsers.clear();
            pendingGroups.clear();
            pendingEveryone = false;
            return batch;
        }
    }

    /**
     * Re-decides at once the users a batch names and those a changed group no longer lists; the rest of a full
     * pass goes to the backlog, which yields to any newer change: first whom the change concerns (the membership
     * index), then everyone else Rolegate knows.
     */
    private void run(Batch batch) {
        Set<String> first = new LinkedHashSet<>(batch.users());
        if (batch.everyone()) {
            first.addAll(losingMembership(batch.groups()));
        }
        for (String user : first) {
            backlog.remove(user);
            enforce(user, "directory change", batch.groups());
        }
        if (batch.everyone()) {
            Set<String> next = new LinkedHashSet<>(memberships.concerning(batch.groups()));
            next.addAll(backlog);
            next.addAll(knownUsers());
            next.removeAll(first);
            backlog.clear();
            backlog.addAll(next);
            backlogGroups.addAll(batch.groups());
        }
    }

    /** Users whom a changed group no longer lists (directly or through the nested group they came by). */
    private Set<String> losingMembership(Set<DN> changed) {
        Set<String> losing = new LinkedHashSet<>();
        for (DN group : changed) {
            if (memberships.losing(group, Set.of()).isEmpty()) {
                continue; // nobody known came through it: no need to read it
            }
            try {
                losing.addAll(memberships.losing(group, groupMembers.of(group)));
            } catch (com.unboundid.ldap.sdk.LDAPException e) {
                log.debug("could not read the members of {} ({}); its users go in name order", group, e.getMessage());
            }
        }
        return losing;
    }

    private void enforce(String user, String why, Set<DN> changedGroups) {
        boolean settled;
        try {
            Decision decision = reevaluation.enforce(user, why, changedGroups);
            settled = !(decision instanceof Decision.Deny deny && deny.reason() == DenyReason.DIRECTORY_UNAVAILABLE);
        } catch (SQLException | RuntimeException e) {
            log.warn("could not re-evaluate {} after a directory change: {}", user, e.getMessage());
            settled = false;
        }
        if (settled) {
            retryAttempts.remove(user);
        } else {
            retryLater(user, changedGroups);
        }
    }

    /**
     * A change the watcher reported but that could not be decided (the directory went away again between the
     * watcher's reconnect and the lookup, or PostgreSQL refused) is tried again after {@link #RETRY_MIN}, doubling
     * up to {@link #RETRY_MAX}, instead of waiting for the next periodic reconciliation: a flapping directory must
     * not turn a group removal into minutes of access.
     */
    private void retryLater(String user, Set<DN> changedGroups) {
        if (closed || !retrying.add(user)) {
            return; // one retry at a time per user
        }
        int attempt = retryAttempts.merge(user, 1, Integer::sum);
        long delay = Math.min(RETRY_MAX.toMillis(), RETRY_MIN.toMillis() << Math.min(attempt - 1, 16));
        log.info("re-evaluating {} again in {} ms (attempt {}): the last try could not decide", user, delay, attempt);
        try {
            reconciler.schedule(() -> {
                retrying.remove(user);
                synchronized (pendingUsers) {
                    pendingGroups.addAll(changedGroups);
                }
                enqueue(user, false);
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            retrying.remove(user);
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
        closed = true;
        reconciler.shutdownNow();
        worker.shutdownNow();
        try {
            // the user being re-decided right now finishes before the directory and admin pools close under it
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
