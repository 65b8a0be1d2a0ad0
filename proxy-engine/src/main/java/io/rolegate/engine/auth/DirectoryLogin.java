package io.rolegate.engine.auth;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.config.AccessConfig;
import io.rolegate.engine.config.LimitsConfig;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.Directory;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.directory.LookupResult;
import io.rolegate.engine.policy.AuthDenials;
import io.rolegate.engine.policy.Decision;
import io.rolegate.engine.policy.PolicyEngine;
import io.rolegate.engine.policy.RequestContext;
import io.rolegate.engine.policy.SharedLoginRole;
import io.rolegate.engine.protocol.SqlState;
import io.rolegate.engine.provisioning.RoleNames;
import io.rolegate.engine.provisioning.RoleProvisioner;
import io.rolegate.engine.provisioning.StandbyCatchUp;
import io.rolegate.engine.provisioning.UnmanagedRoleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One directory login, start to finish, on a worker thread: bind as the user, decide from their groups and the
 * policies, and make their managed role agree upstream. Blocking by nature (LDAP, JDBC): never call it on an
 * event loop — except {@link #loginFromMemory}, which answers only what memory holds. Every refusal carries the
 * SQLSTATE and the words the client sees.
 */
public final class DirectoryLogin {
    private static final Logger log = LoggerFactory.getLogger(DirectoryLogin.class);

    private final Directory directory;
    private final Supplier<AccessConfig> access;
    private final RoleProvisioner provisioner;
    private final LoginCache cache;
    private final OutageGrace grace;
    private final Consumer<DirectoryUser> resolved;
    private final Supplier<Set<DN>> recentlyChanged;
    private final Function<String, List<RequestContext>> liveSessionsOf;
    private final RoleOwnership owners;
    private final LoginThrottle throttle;

    /**
     * @param access   the current mappings and policies (they may change while the engine runs)
     * @param resolved told of every authenticated user with their groups (whom a later group change concerns)
     */
    public DirectoryLogin(Directory directory, Supplier<AccessConfig> access, RoleProvisioner provisioner,
                          java.time.Clock clock,
                          Consumer<DirectoryUser> resolved) {
        this(directory, access, provisioner, clock, resolved, Set::of);
    }

    /**
     * @param recentlyChanged groups a watcher reported written moments ago, whose own member lists a login reads
     *                        instead of trusting memberOf (which the directory may not have updated yet)
     */
    public DirectoryLogin(Directory directory, Supplier<AccessConfig> access, RoleProvisioner provisioner,
                          java.time.Clock clock, Consumer<DirectoryUser> resolved, Supplier<Set<DN>> recentlyChanged) {
        this(directory, access, provisioner, clock, resolved, recentlyChanged, role -> List.of(),
                RoleOwnership.inMemory(provisioner), LimitsConfig.defaults());
    }

    /** With {@code limits} and no sessions or stored role owners to consult (tests of the login path alone). */
    public DirectoryLogin(Directory directory, Supplier<AccessConfig> access, RoleProvisioner provisioner,
                          java.time.Clock clock, Consumer<DirectoryUser> resolved, Supplier<Set<DN>> recentlyChanged,
                          LimitsConfig limits) {
        this(directory, access, provisioner, clock, resolved, recentlyChanged, role -> List.of(),
                RoleOwnership.inMemory(provisioner), limits);
    }

    /**
     * @param liveSessionsOf the facts of the live sessions running as a managed login role (one directory entry's
     *                       sessions, whatever spelling each client typed): the per-user session limit counts them,
     *                       and a login entitled to other roles than they are is refused ({@link SharedLoginRole}).
     *                       Must not block.
     * @param owners         which entry owns which managed role: a role is never handed to another entry
     * @param limits         {@code limits.loginThrottle} and the bounds of the login path's tables ({@code loginMemory})
     */
    public DirectoryLogin(Directory directory, Supplier<AccessConfig> access, RoleProvisioner provisioner,
                          java.time.Clock clock, Consumer<DirectoryUser> resolved, Supplier<Set<DN>> recentlyChanged,
                          Function<String, List<RequestContext>> liveSessionsOf, RoleOwnership owners,
                          LimitsConfig limits) {
        this.owners = owners;
        this.liveSessionsOf = liveSessionsOf;
        this.throttle = new LoginThrottle(limits.loginThrottle(), clock);
        this.recentlyChanged = recentlyChanged;
        this.resolved = resolved;
        this.directory = directory;
        this.access = access;
        this.provisioner = provisioner;
        this.cache = new LoginCache(directory.settings().cacheTtl(), directory.settings().negativeCacheTtl(), clock,
                directory.stats(), limits.loginMemory());
        this.grace = new OutageGrace(directory.settings().outageGrace(), clock, limits.loginMemory());
    }

    /**
     * Forgets cached directory answers for a user (their entry or groups changed): every answer whose entry's user
     * name, or whose typed name, folds like {@code username} — {@code ALICE}'s cached login goes with {@code alice}.
     */
    public void forget(String username) {
        cache.forget(username, null);
    }

    /**
     * The directory was just asked about {@code username} again (a re-evaluation): every cached answer about the
     * entry it found is dropped, whatever name led to it, and the answer remembered for an outage stays only while
     * the directory still gives the same one, or could not be asked.
     */
    public void lookedUp(String username, LookupResult found) {
        if (found instanceof LookupResult.Found user) {
            cache.forget(username, user.user().entryId());
        }
        grace.recheck(username, () -> found);
    }

    /**
     * Refused by {@code limits.loginThrottle} before the password is asked for: too many failed logins lately for
     * this user name or from this address. Cheap (no directory, no worker), so the event loop asks it.
     */
    public Optional<LoginOutcome.Throttled> throttled(RequestContext request) {
        return throttle.check(request.username(), request.clientAddress()).map(r -> throttled(request, r));
    }

    /** The throttle's table of names and addresses with recent failures: entries and estimated bytes. */
    public LoginThrottle throttle() {
        return throttle;
    }

    /** The login cache's own accounting: answers held and their estimated bytes. */
    public record CacheSize(int answers, long bytes) {
    }

    public CacheSize cacheSize() {
        return new CacheSize(cache.entries(), cache.bytes());
    }

    /** Refusals that need no password: source address, time window. Cheap and pure. */
    public Optional<LoginOutcome.Refused> beforePassword(RequestContext request) {
        Optional<String> form = directory.loginNames().refusal(request.username());
        if (form.isPresent()) {
            return Optional.of(new LoginOutcome.Refused(SqlState.INVALID_AUTHORIZATION, form.get(),
                    "login name form not accepted (directory.loginNames): " + request.username()));
        }
        return PolicyEngine.beforeAuthentication(request, access.get().policies()).map(DirectoryLogin::refused);
    }

    /**
     * The login decided from memory alone — a fresh cached directory answer and a role known to agree upstream —
     * or empty when the directory or the server must be asked ({@link #login} on a worker then). Never blocks, so
     * the event loop may call it: a warm login then skips two thread hops. The password is not wiped here.
     */
    public Optional<LoginOutcome> loginFromMemory(RequestContext request, char[] password) {
        Optional<AuthResult> cached = cache.cached(request.username(), password);
        if (cached.isEmpty()) {
            return Optional.empty();
        }
        AuthResult result = cached.get();
        Optional<Decision.Deny> denied = AuthDenials.of(result);
        if (denied.isPresent()) {
            grace.forget(request.username());
            cache.answeredFromMemory();
            return Optional.of(refused(denied.get()));
        }
        DirectoryUser user = ((AuthResult.Authenticated) result).user();
        String role;
        try {
            role = RoleNames.forUser(user.username());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!owners.ownedBy(role, user.entryId())) {
            return Optional.empty(); // the role's owner is checked (and recorded) on the worker
        }
        AccessConfig rules = access.get();
        Decision decision = PolicyEngine.decide(user, entrySessions(request, role), rules.mappings(),
                rules.policies());
        if (decision instanceof Decision.Deny) {
            return Optional.empty(); // refusals keep their one code path, on the worker
        }
        Decision.Allow allow = (Decision.Allow) decision;
        Optional<RoleProvisioner.Applied> agreed = provisioner.inAgreement(role, allow.roles());
        if (agreed.isEmpty() || otherSessionConflicts(user, request, role, allow, rules).isPresent()) {
            return Optional.empty();
        }
        grace.remember(request.username(), password, (AuthResult.Authenticated) result);
        resolved.accept(user);
        cache.answeredFromMemory();
        return Optional.of(new LoginOutcome.Granted(role, agreed.get().generation(), allow.roles(), allow.settings(),
                user.dn().toString(), allow.explanation(), List.of(), LoginOutcome.groupsOf(user)));
    }

    /** Runs the login; the password array is wiped before this returns. */
    public LoginOutcome login(RequestContext request, char[] password) {
        AuthResult result;
        Optional<OutageGrace.Remembered> remembered = Optional.empty();
        try {
            result = cache.authenticate(request.username(), password, () -> askDirectory(request, password));
            if (result instanceof AuthResult.Authenticated ok) {
                grace.remember(request.username(), password, ok);
            } else if (result instanceof AuthResult.DirectoryUnavailable) {
                remembered = grace.recall(request.username(), password);
            } else {
                grace.forget(request.username());
            }
        } catch (LoginThrottle.Throttled e) {
            return throttled(request, e.refusal());
        } catch (FleetThrottle.Uncounted e) {
            // fail closed: a check the fleet cannot count is a guess nobody limits
            return new LoginOutcome.Refused(SqlState.CONNECTION_FAILURE, e.getMessage(),
                    "login attempt not counted: the shared store does not answer");
        } finally {
            Arrays.fill(password, '\0');
        }
        if (remembered.isPresent()) {
            log.warn("directory unavailable ({}): {} allowed on the directory's answer from {} (outage grace)",
                    ((AuthResult.DirectoryUnavailable) result).cause(), request.username(),
                    remembered.get().decidedAt());
            result = remembered.get().result();
        }
        Optional<Decision.Deny> denied = AuthDenials.of(result);
        if (denied.isPresent()) {
            return refused(denied.get());
        }
        Optional<Instant> outage = remembered.map(OutageGrace.Remembered::decidedAt);
        return grant(((AuthResult.Authenticated) result).user(), request, allow -> outage.map(at -> new Decision.Allow(
                allow.roles(), allow.settings(), "allowed during directory outage, decision from " + at + "; "
                + allow.explanation())).orElse(allow));
    }

    /**
     * A login proven by a client certificate the TLS handshake verified: {@code mapping} finds the one directory
     * entry it names, which must be the user the client asked to log in as; then the same account-state, group
     * and policy decision as a password login. Blocking, like {@link #login}.
     */
    public LoginOutcome loginWithCertificate(RequestContext request, X509Certificate certificate,
                                             CertificateMapping mapping) {
        String value;
        try {
            value = mapping.valueOf(certificate);
        } catch (CertificateMapping.Unmappable e) {
            return new LoginOutcome.Refused(SqlState.INVALID_AUTHORIZATION, "rolegate: the client certificate cannot"
                    + " name a directory user: " + e.getMessage(), "client certificate unmappable: " + e.getMessage());
        }
        String described = mapping.describe(value);
        AuthResult result = directory.authenticateByFilter(mapping.filterFor(value), "the client certificate's "
                + described);
        if (result instanceof AuthResult.NoSuchUser none) {
            return new LoginOutcome.Refused(SqlState.INVALID_AUTHORIZATION, "rolegate: the client certificate ("
                    + described + ") matches no single directory entry: " + none.detail(), "client certificate "
                    + described + ": " + none.detail());
        }
        Optional<Decision.Deny> denied = AuthDenials.of(result);
        if (denied.isPresent()) {
            return refused(denied.get());
        }
        var user = ((AuthResult.Authenticated) result).user();
        if (!user.username().equalsIgnoreCase(request.username())) {
            return new LoginOutcome.Refused(SqlState.INVALID_AUTHORIZATION, "rolegate: the client certificate ("
                    + described + ") belongs to directory user \"" + user.username() + "\", not \""
                    + request.username() + "\"; connect as " + user.username(), "client certificate of "
                    + user.dn() + " presented for " + request.username());
        }
        return grant(user, request, allow -> new Decision.Allow(allow.roles(), allow.settings(),
                "client certificate (" + described + ") maps to " + user.dn() + "; " + allow.explanation()));
    }

    /**
     * The directory's answer, counted by the throttle: admitted first (or refused with {@link
     * LoginThrottle.Throttled} before any bind), then settled by how it went.
     */
    private AuthResult askDirectory(RequestContext request, char[] password) {
        LoginThrottle.Attempt attempt = throttle.admit(request.username(), request.clientAddress());
        AuthResult result;
        try {
            result = directory.authenticate(request.username(), password, recentlyChanged.get());
        } catch (RuntimeException e) {
            attempt.withdrawn();
            throw e;
        }
        if (result instanceof AuthResult.Authenticated || result instanceof AuthResult.AccountNotUsable) {
            attempt.succeeded();
        } else if (result instanceof AuthResult.DirectoryUnavailable) {
            attempt.withdrawn();
        } else {
            attempt.failed();
        }
        return result;
    }

    private static LoginOutcome.Throttled throttled(RequestContext request, LoginThrottle.Refusal refusal) {
        String who = refusal.scope() == LoginThrottle.Scope.USER
                ? "for user \"" + shortened(request.username()) + "\""
                : "from " + request.clientAddress().getHostAddress();
        return new LoginOutcome.Throttled(SqlState.INVALID_AUTHORIZATION, "rolegate: too many failed logins " + who
                + " lately; try again in " + refusal.retryAfterSeconds() + " seconds", refusal.firstOfBurst());
    }

    /** A typed name as a message may quote it: a hostile one can be 10,000 bytes long. */
    private static String shortened(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }

    /** The decision for an authenticated user, and their managed role brought into agreement upstream. */
    private LoginOutcome grant(DirectoryUser user, RequestContext request, UnaryOperator<Decision.Allow> explain) {
        resolved.accept(user);
        String role;
        try {
            role = RoleNames.forUser(user.username());
        } catch (IllegalArgumentException e) {
            return new LoginOutcome.Refused(SqlState.INVALID_AUTHORIZATION, "rolegate: user \"" + request.username()
                    + "\" cannot have a PostgreSQL role: " + e.getMessage(), "entry " + user.dn()
                    + " has no valid role name: " + e.getMessage());
        }
        AccessConfig rules = access.get();
        Decision decision = PolicyEngine.decide(user, entrySessions(request, role), rules.mappings(),
                rules.policies());
        if (decision instanceof Decision.Deny deny) {
            return refused(deny);
        }
        Decision.Allow allow = explain.apply((Decision.Allow) decision);
        Optional<Decision.Deny> conflict = otherSessionConflicts(user, request, role, allow, rules);
        if (conflict.isPresent()) {
            return refused(conflict.get());
        }
        try {
            Optional<LoginOutcome.Refused> notTheirs = owners.claim(role, user);
            if (notTheirs.isPresent()) {
                return notTheirs.get();
            }
            RoleProvisioner.Applied applied = provisioner.allow(role, allow.roles());
            provisioner.awaitStandbys(role, applied);
            return new LoginOutcome.Granted(role, applied.generation(), allow.roles(), allow.settings(),
                    user.dn().toString(), allow.explanation(), applied.executed(), LoginOutcome.groupsOf(user));
        } catch (UnmanagedRoleException e) {
            return new LoginOutcome.Refused(SqlState.INVALID_AUTHORIZATION, e.getMessage(), allow.explanation());
        } catch (SQLException e) {
            log.warn("provisioning role {} failed: {}", role, e.getMessage());
            if (StandbyCatchUp.NOT_REPLAYED.equals(e.getSQLState())) {
                return new LoginOutcome.Refused(StandbyCatchUp.NOT_REPLAYED, e.getMessage(), allow.explanation());
            }
            return new LoginOutcome.Refused(SqlState.CONNECTION_FAILURE, "rolegate: could not prepare the PostgreSQL"
                    + " role for \"" + request.username() + "\": " + e.getMessage(), allow.explanation());
        }
    }

    /** A live session of the same login role on another database is entitled to other roles (decision 0011). */
    private Optional<Decision.Deny> otherSessionConflicts(DirectoryUser user, RequestContext request, String role,
                                                         Decision.Allow allow, AccessConfig rules) {
        return SharedLoginRole.conflict(user, request, allow.roles(), liveSessionsOf.apply(role), rules.mappings(),
                rules.policies());
    }

    /**
     * After the server rejected a managed role's password: set it again (from this engine's master key) and
     * return the outcome to log in with. Blocking, like {@link #login}.
     */
    public LoginOutcome resetPassword(LoginOutcome.Granted granted) {
        try {
            provisioner.forgetPassword(granted.role());
            RoleProvisioner.Applied applied = provisioner.allow(granted.role(), granted.roles());
            provisioner.awaitStandbys(granted.role(), applied);
            return new LoginOutcome.Granted(granted.role(), applied.generation(), granted.roles(), granted.settings(),
                    granted.userDn(), granted.explanation(), applied.executed(), granted.groups());
        } catch (UnmanagedRoleException e) {
            return new LoginOutcome.Refused(SqlState.INVALID_AUTHORIZATION, e.getMessage(), granted.explanation());
        } catch (SQLException e) {
            if (StandbyCatchUp.NOT_REPLAYED.equals(e.getSQLState())) {
                return new LoginOutcome.Refused(StandbyCatchUp.NOT_REPLAYED, e.getMessage(), granted.explanation());
            }
            return new LoginOutcome.Refused(SqlState.CONNECTION_FAILURE, "rolegate: could not reset the password of"
                    + " the PostgreSQL role \"" + granted.role() + "\": " + e.getMessage(), granted.explanation());
        }
    }

    /** The request counting every live session of the entry's role, however its name was typed for each. */
    private RequestContext entrySessions(RequestContext request, String role) {
        return request.withLiveSessions(Math.max(request.liveSessions(), liveSessionsOf.apply(role).size()));
    }

    private static LoginOutcome.Refused refused(Decision.Deny deny) {
        return new LoginOutcome.Refused(deny.sqlState(), deny.message(), deny.explanation());
    }
}
