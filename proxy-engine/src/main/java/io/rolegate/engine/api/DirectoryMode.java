package io.rolegate.engine.api;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.DirectoryMetrics;

import io.rolegate.engine.access.AccessAdmin;
import io.rolegate.engine.access.ChangeEnforcer;
import io.rolegate.engine.access.MembershipIndex;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.directory.watch.DirectoryWatcher;
import io.rolegate.engine.directory.watch.DirectoryWatchers;
import io.rolegate.engine.directory.watch.WatchHealth;
import io.rolegate.engine.directory.watch.WatchSettings;
import io.rolegate.engine.access.Reevaluation;
import io.rolegate.engine.access.RoleLoss;
import io.rolegate.engine.auth.DirectoryLogin;
import io.rolegate.engine.config.AccessConfig;
import io.rolegate.engine.session.SessionFacts;
import io.rolegate.engine.session.SessionRegistry;
import io.rolegate.engine.store.audit.AuditLog;
import java.util.concurrent.atomic.AtomicReference;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamAdminConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.directory.Directory;
import io.rolegate.engine.provisioning.AdminDatabase;
import io.rolegate.engine.provisioning.ManagedSecrets;
import io.rolegate.engine.provisioning.RoleProvisioner;
import io.rolegate.engine.provisioning.StandbyCatchUp;
import io.rolegate.engine.config.TargetSessionAttrs;
import io.rolegate.engine.config.UpstreamHost;
import java.util.List;
import io.rolegate.engine.session.DirectoryAuthenticator;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.secret.MasterKey;
import io.rolegate.engine.threads.OldestFirst;
import io.rolegate.engine.config.LoginQueueConfig;
import io.rolegate.engine.session.LoginAdmission;
import io.rolegate.engine.provisioning.AdminPasswordGuard;
import io.rolegate.engine.tls.UpstreamTls;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Everything directory authentication needs, built at engine start and closed at stop: the directory pools, the
 * admin connection, the master key's role-secret subkey, the provisioner, and a bounded pool of login workers
 * (LDAP and JDBC block; event loops must not).
 */
final class DirectoryMode implements AutoCloseable {
    static final String KEY_FILE = MasterKey.DATA_DIR_FILE;

    private final Directory directory;
    private final AdminDatabase admin;
    private final RoleProvisioner provisioner;
    private final OldestFirst workers;
    private final DirectoryAuthenticator authenticator;
    private final AccessAdmin accessAdmin;
    /** Null when sessions cannot land on a standby (one host, or a read-write/primary target). */
    private final StandbyCatchUp standbys;
    private ChangeEnforcer enforcer;
    private volatile DirectoryWatcher watcher;
    /** The watcher settings the running watcher and reconciliation follow (they change live). */
    private volatile DirectorySettings watchedWith;
    private AtomicReference<AccessConfig> access;
    private Reevaluation reevaluation;
    /** Tells a session's client a revocation's words when another node's sweep ended its backend (decision 0037). */
    private io.rolegate.engine.access.RevocationSweeps sweeps;
    private io.rolegate.engine.access.WatcherHealthLog healthLog;
    private io.rolegate.engine.access.UncleanStopRecovery recovery;
    /** The proxied logins' throttle: console logins over the remote API count against the same limits. */
    private io.rolegate.engine.auth.LoginThrottle throttle;
    private final java.util.concurrent.atomic.AtomicLong watcherEvents = new java.util.concurrent.atomic.AtomicLong();
    /** Failed logins counted across the fleet on a shared store; null for a single engine's store. */
    private AutoCloseable fleetThrottle;

    private DirectoryMode(Directory directory, AdminDatabase admin, StandbyCatchUp standbys,
                          RoleProvisioner provisioner, OldestFirst workers, DirectoryAuthenticator authenticator,
                          AccessAdmin accessAdmin) {
        this.directory = directory;
        this.admin = admin;
        this.standbys = standbys;
        this.provisioner = provisioner;
        this.workers = workers;
        this.authenticator = authenticator;
        this.accessAdmin = accessAdmin;
    }

    static DirectoryMode open(RolegateConfig config, Path dataDir, SessionRegistry sessions, AuditLog audit,
                              io.rolegate.engine.store.common.ConnectionSource store) {
        if (config.directory() == null) {
            throw new EngineException("auth.mode is directory but no directory is configured");
        }
        UpstreamAdminConfig adminConfig = config.upstream().admin();
        if (adminConfig == null) {
            throw new EngineException("auth.mode is directory but upstream.admin (the provisioning role) is not set");
        }
        ManagedSecrets secrets = new ManagedSecrets(masterKey(dataDir).subkey("managed role secrets"));
        LoginQueueConfig queue = config.limits().loginQueue();
        AdminDatabase admin = new AdminDatabase(adminUrl(config.upstream(), adminConfig), adminConfig.user(),
                new String(adminConfig.password().chars()), adminConfig.user() + "@" + config.upstream().addresses(),
                queue.adminConnections());
        Directory directory = Directory.open(config.directory());
        RoleProvisioner provisioner = new RoleProvisioner(admin, secrets);
        StandbyCatchUp standbys = standbyCatchUp(config.upstream(), adminConfig, admin);
        if (standbys != null) {
            provisioner.waitForStandbys(standbys);
        }
        OldestFirst workers = new OldestFirst(queue.workers(), "rolegate-login");
        AtomicReference<AccessConfig> access = new AtomicReference<>(config.access());
        MembershipIndex memberships = new MembershipIndex();
        io.rolegate.engine.auth.RoleOwnership owners = new io.rolegate.engine.auth.RoleOwnership(
                new io.rolegate.engine.store.role.RoleEntries(store), provisioner, (user, message) -> audit.append(
                io.rolegate.engine.api.model.AuditEvent.of(io.rolegate.engine.api.model.AuditEventType.PROVISIONED,
                        message).withUser(user).withActor("rolegate")), Clock.systemUTC());
        DirectoryLogin login = new DirectoryLogin(directory, access::get, provisioner, Clock.systemUTC(),
                memberships::record, memberships::recentlyChanged,
                role -> SessionFacts.ofRole(sessions, role, java.time.Instant.now()), owners, config.limits());
        provisioner.whenRolesLost(new RoleLoss(sessions, provisioner, audit));
        Reevaluation reevaluation = new Reevaluation(directory, access::get, provisioner, sessions, audit,
                Clock.systemUTC(), login::forget, login::lookedUp, memberships);
        reevaluation.ownership(owners::owner);
        DirectoryMode mode = new DirectoryMode(directory, admin, standbys, provisioner, workers,
                new DirectoryAuthenticator(login, secrets, workers, new LoginAdmission(queue), Clock.systemUTC(),
                        io.rolegate.engine.auth.CertificateMapping.of(config.auth().clientCertificate())),
                new AccessAdmin(directory, access, provisioner, reevaluation, audit));
        mode.access = access;
        mode.reevaluation = reevaluation;
        mode.sweeps = new io.rolegate.engine.access.RevocationSweeps(audit, Clock.systemUTC());
        if (!config.store().isEmbedded()) {
            mode.fleetThrottle = login.throttle().shareAcrossFleet(new io.rolegate.engine.store.fleet.LoginFailures(
                    store, config.fleet().resolvedNode(System::getenv)));
        }
        mode.watch(config.directory(), reevaluation, memberships);
        mode.throttle = login.throttle();
        mode.recovery = new io.rolegate.engine.access.UncleanStopRecovery(reevaluation, provisioner, audit);
        mode.healthLog = new io.rolegate.engine.access.WatcherHealthLog(() -> mode.watcher.health(), audit,
                java.time.Duration.ofSeconds(1));
        return mode;
    }

    /**
     * Watches the directory (syncrepl, AD notifications, persistent search or polling, as configured or probed)
     * and enforces what changes; reconciles everything periodically as a safety net for missed events.
     */
    private void watch(DirectorySettings settings, Reevaluation reevaluation, MembershipIndex memberships) {
        enforcer = new ChangeEnforcer(reevaluation, provisioner, settings, memberships, directory::membersOf);
        enforcer.reconcileEvery(settings.reconcileInterval());
        watchedWith = settings;
        watcher = newWatcher(settings);
        watcher.start();
    }

    /** A watcher for {@code settings}, not started; its changes go to the one enforcer. */
    private DirectoryWatcher newWatcher(DirectorySettings settings) {
        return DirectoryWatchers.create(settings, WatchSettings.of(settings.watch(), settings)
                .withPollInterval(settings.pollInterval()), change -> {
                    watcherEvents.incrementAndGet();
                    enforcer.onChange(change);
                });
    }

    /**
     * The watcher {@code next} asks for, built but not started, when its watch settings differ from the running
     * ones; null when they are the same. Throws (IllegalArgumentException) when it cannot be built, before anything
     * changed. With the same mode it is only the spare: {@link #takeLive} retunes the running watcher instead.
     */
    DirectoryWatcher prepareWatcher(DirectorySettings next) {
        DirectorySettings now = watchedWith;
        if (next.watch() == now.watch() && next.pollInterval().equals(now.pollInterval())) {
            return null;
        }
        return newWatcher(next);
    }

    /**
     * Takes a configuration version's live parts: the access rules, the watcher settings (same mode: the running
     * watcher takes the new interval and keeps its place in the change stream; another mode: the {@code prepared}
     * watcher replaces it, and one reconciliation covers the moment between the two), the reconcile interval. Made
     * of assignments and a thread start: nothing here can fail half-way.
     */
    void takeLive(AccessConfig nextAccess, DirectorySettings next, DirectoryWatcher prepared) {
        access.set(nextAccess);
        DirectorySettings before = watchedWith;
        watchedWith = next;
        if (prepared != null && (next.watch() != before.watch() || !watcher.retune(next.pollInterval()))) {
            DirectoryWatcher old = watcher;
            watcher = prepared;
            old.stop();
            prepared.start();
            enforcer.reconcileNow();
        }
        if (!next.reconcileInterval().equals(before.reconcileInterval())) {
            enforcer.reconcileEvery(next.reconcileInterval());
        }
    }

    /**
     * Re-decides every user with a live proxied session under the rules in force now, one at a time; a session the
     * rules refuse ends with 57P01 naming {@code revokedBy}. Then everyone else with a managed role, soon.
     */
    void reevaluateLive(String revokedBy) {
        for (String user : reevaluation.liveDirectoryUsers()) {
            try {
                reevaluation.enforceRules(user, revokedBy, revokedBy);
            } catch (java.sql.SQLException | RuntimeException e) {
                // one user's failure must not leave the others unenforced; the reconciliation retries it
                org.slf4j.LoggerFactory.getLogger(DirectoryMode.class).warn("could not enforce {} on {}: {}",
                        revokedBy, user, e.getMessage());
            }
        }
        enforcer.reconcileNow();
    }

    /** The previous engine on this data directory did not stop cleanly: reconcile every managed role now. */
    void recoverAfterUncleanStop() {
        recovery.start();
    }

    WatchHealth watchHealth() {
        return watcher.health();
    }

    /** Pool, binds, searches, cache and watcher now, for the metrics. */
    DirectoryMetrics metrics() {
        var pool = directory.poolStats();
        var stats = directory.stats();
        WatchHealth health = watcher.health();
        java.time.Duration age = health.lastEventAt() == null ? null
                : java.time.Duration.between(health.lastEventAt(), java.time.Instant.now());
        return new DirectoryMetrics(directory.settings().urls().get(0), pool.checkedOut(), pool.available(),
                pool.max(), stats.bindsOk(), stats.bindsFailed(), stats.searches(), stats.searchNanosTotal(),
                stats.cacheHits(), stats.cacheMisses(), health.connected(), watcherEvents.get(), age, health.lag(),
                authenticator.admission().metrics());
    }

    /** The master key from ROLEGATE_MASTER_KEY or {@code <dataDir>/master.key}, created there on first use. */
    private static MasterKey masterKey(Path dataDir) {
        try {
            return MasterKey.forDataDirectory(dataDir, System::getenv);
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

    /**
     * The admin connection's URL: the same TLS promise as the sessions' ({@link UpstreamTls#verifies}: a configured
     * CA means chain and host name are checked in every mode), GSS encryption off so the password guard reads the
     * protocol from its first byte, and the guard itself ({@link AdminPasswordGuard}).
     */
    static String adminUrl(UpstreamConfig up, UpstreamAdminConfig admin) {
        return adminUrl(up, admin, up.hosts(), admin.targetSessionAttrs());
    }

    /**
     * Sessions may land on a standby (several hosts, a target other than read-write or primary): a login that just
     * provisioned its role waits until the standbys replayed it, asking each host as the admin role.
     */
    private static StandbyCatchUp standbyCatchUp(UpstreamConfig up, UpstreamAdminConfig adminConfig,
                                                 AdminDatabase admin) {
        if (up.hosts().size() < 2 || up.targetSessionAttrs().needsWrites()) {
            return null;
        }
        List<AdminDatabase> each = up.hosts().stream().map(h -> new AdminDatabase(
                adminUrl(up, adminConfig, List.of(h), TargetSessionAttrs.ANY), adminConfig.user(),
                new String(adminConfig.password().chars()), adminConfig.user() + "@" + h)).toList();
        return new StandbyCatchUp(admin, each, up.connectTimeout());
    }

    /**
     * The URL for {@code hosts} with pgjdbc's equivalent of {@code target}: it tries them in order, as libpq does,
     * and re-checks a host it found unfit after two seconds, so after a failover the admin connection reaches the
     * promoted server at its next use.
     */
    static String adminUrl(UpstreamConfig up, UpstreamAdminConfig admin, List<UpstreamHost> hosts,
                           TargetSessionAttrs target) {
        String sslmode = UpstreamTls.verifies(up.tls(), up) ? "verify-full" : switch (up.tls()) {
            case DISABLE -> "disable";
            case PREFER -> "prefer";
            case REQUIRE -> "require";
            case VERIFY_FULL -> "verify-full";
        };
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(String.join(",",
                        hosts.stream().map(UpstreamHost::toString).toList())).append('/').append(URLEncoder.encode(admin.database(), StandardCharsets.UTF_8))
                .append("?sslmode=").append(sslmode);
        if (up.tls() != UpstreamTlsMode.DISABLE && up.rootCert() != null) {
            url.append("&sslrootcert=").append(URLEncoder.encode(up.rootCert().toString(), StandardCharsets.UTF_8));
        }
        url.append("&targetServerType=").append(switch (target) {
            case ANY -> "any";
            case READ_WRITE, PRIMARY -> "primary";
            case READ_ONLY, STANDBY -> "secondary";
            case PREFER_STANDBY -> "preferSecondary";
        }).append("&hostRecheckSeconds=2&connectTimeout=")
                .append(Math.max(1, (up.connectTimeout().toMillis() + 999) / 1000));
        url.append("&gssEncMode=disable&socketFactory=").append(AdminPasswordGuard.class.getName())
                .append("&socketFactoryArg=").append(admin.allowPasswordWithoutTls()
                        ? AdminPasswordGuard.ALLOW : AdminPasswordGuard.REFUSE);
        return url.toString();
    }

    DirectoryAuthenticator authenticator() {
        return authenticator;
    }

    io.rolegate.engine.session.RevocationWords revocationWords() {
        return sweeps;
    }

    io.rolegate.engine.auth.LoginThrottle throttle() {
        return throttle;
    }

    AccessAdmin accessAdmin() {
        return accessAdmin;
    }

    Directory directory() {
        return directory;
    }

    RoleProvisioner provisioner() {
        return provisioner;
    }

    @Override
    public void close() {
        if (healthLog != null) {
            healthLog.close();
        }
        if (watcher != null) {
            watcher.stop();
        }
        if (enforcer != null) {
            enforcer.close();
        }
        workers.shutdownNow();
        if (sweeps != null) {
            sweeps.close();
        }
        if (fleetThrottle != null) {
            try {
                fleetThrottle.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(DirectoryMode.class).warn("closing the fleet's login throttle"
                        + " failed: {}", e.getMessage());
            }
        }
        directory.close();
        admin.close();
        if (standbys != null) {
            standbys.close();
        }
    }
}
