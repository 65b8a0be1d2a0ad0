package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Dns;

import io.rolegate.engine.api.model.Secret;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The directory as the proxy sees it: check a login, look a user up, browse. Blocking and thread-safe; call it
 * from a bounded worker pool, never from an event loop.
 *
 * <p>Login: find the entry (DN template, or search with the service account), bind as that DN on a connection of
 * the bind pool (never a search connection), then read account state and groups with the service account.
 */
public final class Directory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Directory.class);

    private final DirectorySettings settings;
    private final DirectoryConnections connections;
    private final UserEntries users;
    private final GroupResolver groups;
    private final Filter denyFilter;
    private final Clock clock;
    private final DirectoryStats stats = new DirectoryStats();
    /** No entry has this DN: a random name under the user base, drawn once per process. */
    private final String decoyDn;

    private Directory(DirectorySettings settings, DirectoryConnections connections, Clock clock) {
        this.settings = settings;
        this.connections = connections;
        this.users = new UserEntries(settings);
        this.groups = new GroupResolver(settings);
        this.denyFilter = settings.denyFilter() == null ? null
                : LdapFilters.parse("directory.denyFilter", settings.denyFilter());
        this.clock = clock;
        this.decoyDn = "cn=rolegate-no-such-user-" + Long.toHexString(new java.security.SecureRandom().nextLong())
                + "," + settings.userBase();
    }

    /** Connects lazily: a directory that is down now makes logins fail with DirectoryUnavailable, not this. */
    public static Directory open(DirectorySettings settings) {
        return open(settings, Clock.systemUTC());
    }

    public static Directory open(DirectorySettings settings, Clock clock) {
        return new Directory(settings, DirectoryConnections.open(settings), clock);
    }

    public DirectorySettings settings() {
        return settings;
    }

    /** The forms a client may write its user name in, and the words when one is not accepted. */
    public LoginNames loginNames() {
        return users.loginNames();
    }

    /** Binds, searches and cache answers so far, for the metrics. */
    public DirectoryStats stats() {
        return stats;
    }

    /** The service-account pool now: connections checked out, available, and the most it may hold. */
    public PoolStats poolStats() {
        var pool = connections.pool();
        var st = pool.getConnectionPoolStatistics();
        long open = st.getNumSuccessfulConnectionAttempts() - st.getNumConnectionsClosedDefunct()
                - st.getNumConnectionsClosedExpired() - st.getNumConnectionsClosedUnneeded();
        int available = pool.getCurrentAvailableConnections();
        return new PoolStats(Math.max(0, open - available), available, pool.getMaximumAvailableConnections());
    }

    /** Connections opened for user binds since start; a login reuses one when it can. */
    long bindConnectionsOpened() {
        return connections.bindConnectionsOpened();
    }

    /** See {@link #poolStats()}. */
    public record PoolStats(long checkedOut, int available, int max) {
    }

    /** Browsing for the console, over the same service-account pool. */
    public DirectoryBrowser browser() {
        return browser(DirectoryBrowser.PAGE_SIZE);
    }

    /** A browser that reads {@code pageSize} entries per page; small pages make paging testable. */
    public DirectoryBrowser browser(int pageSize) {
        return new DirectoryBrowser(settings, connections.pool(), this, pageSize);
    }

    /**
     * Checks {@code password} for {@code username}.
     *
     * @param password not kept; the caller may wipe its array after the call
     */
    public AuthResult authenticate(String username, char[] password) {
        return authenticate(username, password, Set.of());
    }

    /**
     * As {@link #authenticate(String, char[])}, moments after a watcher reported writes to {@code changedGroups}:
     * their member lists, not the user's possibly not yet updated memberOf, decide the user's membership in them
     * (a login in that gap would otherwise get back a group just taken away).
     */
    public AuthResult authenticate(String username, char[] password, Set<DN> changedGroups) {
        if (username == null || username.isEmpty()) {
            return new AuthResult.NoSuchUser("", "empty user name");
        }
        // LDAP treats a simple bind with a DN and an empty password as an anonymous bind, which "succeeds".
        if (password == null || password.length == 0) {
            return new AuthResult.InvalidCredentials(username);
        }
        try {
            long started = System.nanoTime();
            UserEntries.Found found = users.find(connections.pool(), username);
            stats.searched(started);
            if (found instanceof UserEntries.Missing missing) {
                return noSuchUserOrWrongPassword(username, missing, password);
            }
            Entry entry = ((UserEntries.Present) found).entry();
            Bind bind = bindAsUser(entry.getDN(), password);
            if (bind.code() != ResultCode.SUCCESS) {
                return refused(username, entry, bind);
            }
            DirectoryUser user = toUser(entry, username);
            if (!user.accountState().isUsable()) {
                return new AuthResult.AccountNotUsable(user, user.accountState());
            }
            return new AuthResult.Authenticated(withGroups(connections.pool(), user, entry, changedGroups));
        } catch (LDAPException e) {
            return unavailable(e);
        }
    }

    /**
     * The one user entry {@code filter} matches, for a login proven otherwise than by a password (a verified
     * client certificate): account state and groups as for a password login. None or several: NoSuchUser, whose
     * detail says which. {@code what} names the filter's origin in that detail.
     */
    public AuthResult authenticateByFilter(Filter filter, String what) {
        try {
            UserEntries.Found found = users.search(connections.pool(), filter, what);
            if (found instanceof UserEntries.Missing missing) {
                return new AuthResult.NoSuchUser("", missing.detail());
            }
            Entry entry = ((UserEntries.Present) found).entry();
            if (entry.getAttributeValue(settings.usernameAttribute()) == null) {
                return new AuthResult.NoSuchUser("", entry.getDN() + " has no " + settings.usernameAttribute()
                        + ", which names its PostgreSQL role");
            }
            DirectoryUser user = toUser(entry, null);
            if (!user.accountState().isUsable()) {
                return new AuthResult.AccountNotUsable(user, user.accountState());
            }
            return new AuthResult.Authenticated(withGroups(user, entry));
        } catch (LDAPException e) {
            return unavailable(e);
        }
    }

    /** The user with account state and groups, without a password. */
    public LookupResult lookup(String username) {
        return lookup(username, Set.of());
    }

    /**
     * As {@link #lookup(String)}, right after a watcher reported writes to {@code changedGroups}: their member
     * lists, not the user's possibly not yet updated memberOf, decide the user's direct membership in them.
     */
    public LookupResult lookup(String username, Set<DN> changedGroups) {
        if (username == null || username.isEmpty()) {
            return new AuthResult.NoSuchUser("", "empty user name");
        }
        try {
            long started = System.nanoTime();
            UserEntries.Found found = users.find(connections.pool(), username);
            stats.searched(started);
            if (found instanceof UserEntries.Missing missing) {
                return new AuthResult.NoSuchUser(username, missing.detail());
            }
            Entry entry = ((UserEntries.Present) found).entry();
            return new LookupResult.Found(withGroups(connections.pool(), toUser(entry, username), entry,
                    changedGroups));
        } catch (LDAPException e) {
            return unavailable(e);
        }
    }

    /**
     * The user whose entry is at {@code dn} now, with account state and groups: how a re-evaluation finds the entry
     * that owns a role even when another entry answers to the same name. NoSuchUser when nothing is there (or it
     * has no user-name attribute); the caller compares {@link DirectoryUser#entryId} with the one it expects.
     */
    public LookupResult lookupEntry(DN dn, Set<DN> changedGroups) {
        try {
            Entry entry = users.read(connections.pool(), dn.toString());
            if (entry == null || entry.getAttributeValue(settings.usernameAttribute()) == null) {
                return new AuthResult.NoSuchUser(dn.toString(), "no user entry " + dn);
            }
            DirectoryUser user = toUser(entry, null);
            return new LookupResult.Found(withGroups(connections.pool(), user, entry, changedGroups));
        } catch (LDAPException e) {
            return unavailable(e);
        }
    }

    /**
     * The DNs a group lists now in member and uniqueMember; empty when the group is gone. Active Directory
     * returns a group of more than 1,500 members in ranges, which this does not follow: such a group reads as
     * listing nobody, so whoever was in it is treated as possibly removed.
     *
     * @throws LDAPException when the directory cannot answer
     */
    public Set<DN> membersOf(DN group) throws LDAPException {
        try {
            Entry entry = connections.pool().getEntry(group.toString(), "member", "uniqueMember");
            Set<DN> members = new java.util.HashSet<>();
            if (entry != null) {
                for (String attribute : List.of("member", "uniqueMember")) {
                    String[] values = entry.getAttributeValues(attribute);
                    for (String value : values == null ? new String[0] : values) {
                        try {
                            members.add(new DN(value));
                        } catch (LDAPException notADn) {
                            // e.g. uniqueMember with a "#'0101'B" UID suffix: that member counts as possibly removed
                            log.debug("directory: member value '{}' of {} is not a DN", value, group);
                        }
                    }
                }
            }
            return members;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return Set.of();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        connections.close();
    }

    /**
     * With a DN template there may be no service account able to read the entry (pg_hba-style "simple bind"
     * setups have none). The bind then decides, and the user's own connection reads the entry and groups.
     */
    private AuthResult noSuchUserOrWrongPassword(String username, UserEntries.Missing missing, char[] password)
            throws LDAPException {
        if (missing.templateDn() == null) {
            decoyBind(password);
            return new AuthResult.NoSuchUser(username, missing.detail());
        }
        String dn = missing.templateDn().toString();
        byte[] utf8 = Secret.utf8(password);
        try {
            return connections.asUser(connection -> {
                Bind bind = bind(connection, dn, utf8);
                if (bind.code() != ResultCode.SUCCESS) {
                    // Unreadable entry and refused bind: a missing user and a wrong password look the same here.
                    return new AuthResult.NoSuchUser(username, missing.detail() + "; bind refused with "
                            + bind.code());
                }
                Entry entry = users.read(connection, dn);
                if (entry == null) {
                    return new AuthResult.DirectoryUnavailable("user " + dn
                            + " can bind but neither the service account nor the user can read the entry");
                }
                DirectoryUser user = toUser(entry, username);
                if (!user.accountState().isUsable()) {
                    return new AuthResult.AccountNotUsable(user, user.accountState());
                }
                return new AuthResult.Authenticated(withGroups(connection, user, entry, Set.of()));
            });
        } finally {
            java.util.Arrays.fill(utf8, (byte) 0);
        }
    }

    /**
     * A bind as an entry that does not exist, for a name the search did not find: an unknown user then costs the
     * same directory round trip as a wrong password, so the time a refusal takes tells no one which names exist
     * (issue 13 item 5). The directory refuses it like any wrong password; no account is involved.
     */
    private void decoyBind(char[] password) {
        try {
            bindAsUser(decoyDn, password);
        } catch (LDAPException e) {
            log.debug("directory: the decoy bind for an unknown user failed: {}", e.getMessage());
        }
    }

    private Bind bindAsUser(String dn, char[] password) throws LDAPException {
        byte[] utf8 = Secret.utf8(password);
        try {
            return connections.asUser(connection -> bind(connection, dn, utf8));
        } finally {
            java.util.Arrays.fill(utf8, (byte) 0);
        }
    }

    /** The bind's result code; throws only when the directory could not be reached. */
    /** How a user bind went; {@code diagnostic} is the server's text (AD puts its sub-code there). */
    private record Bind(ResultCode code, String diagnostic) {
    }

    private Bind bind(LDAPConnection connection, String dn, byte[] password) throws LDAPException {
        try {
            var result = connection.bind(new SimpleBindRequest(dn, password));
            stats.bind(result.getResultCode() == ResultCode.SUCCESS);
            return new Bind(result.getResultCode(), result.getDiagnosticMessage());
        } catch (LDAPException e) {
            stats.bind(false);
            if (isUnreachable(e.getResultCode())) {
                throw e;
            }
            return new Bind(e.getResultCode(), e.getDiagnosticMessage());
        }
    }

    /**
     * Active Directory's bind sub-codes that it reports only once the password was right: the account exists and
     * the caller knows its password, so saying why it may not log in reveals nothing new.
     */
    private static final java.util.regex.Pattern AD_PASSWORD_RIGHT =
            java.util.regex.Pattern.compile("data (530|531|532|533|701|773|775)\\b");

    /** A refused bind: a locked, disabled or expired account says so (when AD shows the password was right). */
    private AuthResult refused(String username, Entry entry, Bind bind) {
        DirectoryUser user = toUser(entry, username);
        boolean passwordRight = bind.diagnostic() != null && AD_PASSWORD_RIGHT.matcher(bind.diagnostic()).find();
        if (!user.accountState().isUsable() && passwordRight) {
            return new AuthResult.AccountNotUsable(user, user.accountState());
        }
        if (!user.accountState().isUsable()) {
            // ppolicy refuses a locked account's bind whatever the password: telling the client why would tell
            // someone without the password that the account exists and is locked. The log says it; they get 28P01.
            log.info("directory: bind as {} refused ({}); the account is not usable: {}", entry.getDN(), bind.code(),
                    user.accountState().reason());
        } else if (bind.code() != ResultCode.INVALID_CREDENTIALS) {
            log.info("directory: bind as {} refused with {}; treated as invalid credentials", entry.getDN(),
                    bind.code());
        }
        return new AuthResult.InvalidCredentials(username);
    }

    private DirectoryUser toUser(Entry entry, String login) {
        String username = entry.getAttributeValue(settings.usernameAttribute());
        if (username == null) {
            // A DN-template user whose entry lacks the attribute: the login name is the only name there is.
            username = login;
        }
        AccountState state = AccountStateEvaluator.evaluate(entry, clock.instant(), settings.flavour(), denyFilter);
        return new DirectoryUser(Dns.parse(entry.getDN()), username, UserEntries.publicAttributes(entry),
                state, List.of(), EntryIds.of(entry));
    }

    private DirectoryUser withGroups(DirectoryUser user, Entry entry) throws LDAPException {
        return withGroups(connections.pool(), user, entry, Set.of());
    }

    private DirectoryUser withGroups(LDAPInterface ldap, DirectoryUser user, Entry entry,
                                     Set<DN> changedGroups) throws LDAPException {
        long started = System.nanoTime();
        List<ResolvedGroup> resolved = groups.resolve(ldap, entry, user.username(), changedGroups);
        stats.searched(started);
        return new DirectoryUser(user.dn(), user.username(), user.attributes(), user.accountState(), resolved,
                user.entryId());
    }

    static boolean isUnreachable(ResultCode code) {
        return !code.isConnectionUsable() || code == ResultCode.TIMEOUT || code == ResultCode.UNAVAILABLE
                || code == ResultCode.BUSY || code == ResultCode.CONNECT_ERROR;
    }

    private AuthResult.DirectoryUnavailable unavailable(LDAPException e) {
        String cause = e.getResultCode() + ": " + e.getMessage();
        log.warn("directory: unavailable ({}): {}", settings.urls(), cause);
        return new AuthResult.DirectoryUnavailable(cause,
                e.getResultCode() == ResultCode.TIMEOUT ? settings.responseTimeout() : null);
    }
}
