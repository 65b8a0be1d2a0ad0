package io.rolegate.engine.api;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.ConsoleIdentity;

import io.rolegate.engine.api.model.AccessPreview;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.DirectoryGroupMembers;
import io.rolegate.engine.api.model.UserLookup;
import io.rolegate.engine.api.model.UserSummary;
import io.rolegate.engine.api.model.RoleChange;
import io.rolegate.engine.api.model.UpstreamRole;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.directory.DirectoryUnavailableException;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.store.audit.AuditLog;

import java.util.List;
import java.util.function.Supplier;

/**
 * The directory side of the facade ({@link Engine#directory()}): what the console's directory and mapping views
 * use. Every call is blocking (LDAP, JDBC): call from background tasks, never the JavaFX thread.
 */
public final class EngineDirectory implements MappingAdmin, DirectoryBrowser {
    /** Saves the configuration in force as a new (audited) version. */
    interface ConfigRecorder {
        void record(RolegateConfig config, String author, String comment, String via);
    }

    private final Supplier<DirectoryMode> mode;
    private final Supplier<RolegateConfig> config;
    private final ConfigRecorder recorder;
    private final Supplier<AuditLog> audit;
    private final ConsoleAuthority authority;
    private final Authorizer authorizer;
    /** The mappings before each change applied here, newest first: what an undo goes back to. */
    private final java.util.Deque<List<Mapping>> applied = new java.util.ArrayDeque<>();
    private static final int UNDO_DEPTH = 50;

    EngineDirectory(Supplier<DirectoryMode> mode, Supplier<RolegateConfig> config, ConfigRecorder recorder,
                    Supplier<AuditLog> audit, ConsoleAuthority authority, Authorizer authorizer) {
        this.mode = mode;
        this.config = config;
        this.recorder = recorder;
        this.audit = audit;
        this.authority = authority;
        this.authorizer = authorizer;
    }

    /** What {@code username} would get at login now, and why. Blocking (LDAP): call off the UI thread. */
    public AccessPreview previewAccess(String username) {
        return directoryMode().accessAdmin().preview(username);
    }

    /** The group-to-role mappings in force. */
    public List<Mapping> mappings() {
        DirectoryMode d = mode.get();
        return d == null ? config.get().access().mappings() : d.accessAdmin().mappings();
    }

    /** Exactly which users would gain or lose which roles, with the SQL, if {@code proposed} were applied. */
    public List<RoleChange> planMappings(List<Mapping> proposed) {
        return sql(() -> directoryMode().accessAdmin().plan(proposed));
    }

    /**
     * Applies new mappings on behalf of {@code who}, if the engine finds them a console administrator now (else
     * {@link io.rolegate.engine.api.model.PermissionDenied}, audited): audited before it takes effect, then enforced at once on
     * live sessions (GRANT/REVOKE; 57P01 for users who lose all access) and managed roles. Blocking.
     */
    public List<RoleChange> applyMappings(List<Mapping> proposed, ConsoleIdentity who, String comment) {
        String admin = authorizer.require(who, "change the mappings", ConsoleAuthority.Effect.GRANTS).username();
        return apply(proposed, admin, comment, comment == null ? "mappings changed" : comment);
    }

    /**
     * Takes back the last mapping change applied on this engine (from any console or the remote API), on behalf of
     * {@code who}, an administrator now (else {@link io.rolegate.engine.api.model.PermissionDenied}, audited, before
     * anything else is looked at); {@link EngineException} when there is nothing to undo. The undo is itself a
     * mapping change: audited, enforced at once, a new configuration version. Blocking.
     */
    public List<RoleChange> undoMappings(ConsoleIdentity who, String comment) {
        String admin = authorizer.require(who, "undo the last mapping change", ConsoleAuthority.Effect.GRANTS)
                .username();
        synchronized (applied) {
            List<Mapping> before = applied.peek();
            if (before == null) {
                throw new EngineException("there is no mapping change to undo on this engine since it started");
            }
            String why = comment == null ? "undo the last mapping change" : comment;
            List<RoleChange> changes = apply(before, admin, why, why);
            applied.pop(); // the undo's own entry
            applied.pop(); // the change it took back
            return changes;
        }
    }

    private List<RoleChange> apply(List<Mapping> proposed, String admin, String comment, String versionComment) {
        synchronized (applied) {
            List<Mapping> before = mappings();
            List<RoleChange> changes = sql(() -> directoryMode().accessAdmin().apply(proposed, admin, comment));
            applied.push(List.copyOf(before));
            while (applied.size() > UNDO_DEPTH) {
                applied.removeLast();
            }
            RolegateConfig now = config.get();
            recorder.record(now.withAccess(now.access().withMappings(proposed)), admin, versionComment,
                    "mapping change");
            return changes;
        }
    }

    /** PostgreSQL roles (not pg_*) with their managed flag and mapped groups: the console's drop targets. */
    public List<UpstreamRole> upstreamRoles() {
        return sql(() -> directoryMode().accessAdmin().upstreamRoles());
    }

    /** Directory groups whose name contains {@code text}, with member counts. Blocking (LDAP). */
    public List<DirectoryGroup> directoryGroups(String text, int limit) {
        try {
            return directoryMode().directory().browser().listGroups(text, limit).stream()
                    .map(DirectoryValues::group).toList();
        } catch (DirectoryUnavailableException e) {
            throw new EngineException("the directory is unavailable: " + e.getMessage(), e);
        }
    }

    /** A group's direct members: users, nested groups, posix member uids. Blocking (LDAP). */
    @Override
    public DirectoryGroupMembers groupMembers(String groupDn) {
        try {
            return DirectoryValues.members(directoryMode().directory().browser()
                    .members(new com.unboundid.ldap.sdk.DN(groupDn)));
        } catch (DirectoryUnavailableException e) {
            throw new EngineException("the directory is unavailable: " + e.getMessage(), e);
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new EngineException("not a valid group DN: " + groupDn, e);
        }
    }

    /**
     * Logs a person in to the console with their directory account; {@code console.adminGroup} and
     * {@code console.readOnlyGroup} decide what they may do. Refusals are {@link EngineException}s with a message to
     * show as is. Both outcomes are in the audit log ({@code CONSOLE_LOGIN}, {@code CONSOLE_LOGIN_REFUSED}) before
     * this returns. Blocking (LDAP, then the audit commit).
     *
     * @param password not kept; the caller may wipe it after the call
     */
    public ConsoleIdentity consoleLogin(String username, char[] password) {
        return authority.issue(ConsoleLogins.audited(audit.get(), directoryMode().directory(), config.get().console(),
                username, password));
    }

    /**
     * {@link #consoleLogin(String, char[])} from a remote caller at {@code source}: counted by the proxy's own login
     * throttle ({@code limits.loginThrottle}), so guesses through the remote API and through the proxy share one
     * budget per user name and per address; past it, a {@link io.rolegate.engine.api.model.LoginThrottled} before
     * the directory is asked.
     */
    public ConsoleIdentity consoleLogin(String username, char[] password, java.net.InetAddress source) {
        DirectoryMode d = directoryMode();
        return authority.issue(ConsoleLogins.audited(audit.get(), d.directory(), config.get().console(), username,
                password, d.throttle(), source));
    }

    /** How the directory watcher is doing: mode, connected, last event, lag, and why it fell back, if it did. */
    public io.rolegate.engine.directory.watch.WatchHealth watcherHealth() {
        return directoryMode().watchHealth();
    }

    /** A user's entry, groups (with how each was reached) and account state. Blocking (LDAP). */
    @Override
    public UserLookup lookupUser(String username) {
        return DirectoryValues.lookup(directoryMode().directory().lookup(username));
    }

    /**
     * Users whose login name, full name or mail starts with {@code text}, or with {@code attribute=start} (e.g.
     * {@code mail=ali}) whose attribute starts with it. The text is a value, never filter syntax: {@code *)(uid=*}
     * finds only a user whose name starts with those characters. Blocking (LDAP).
     */
    @Override
    public List<UserSummary> findUsers(String text, int limit) {
        try {
            return users().find(text, limit).stream().map(DirectoryValues::user).toList();
        } catch (IllegalArgumentException e) {
            throw new EngineException(e.getMessage(), e);
        } catch (DirectoryUnavailableException e) {
            throw new EngineException("the directory is unavailable: " + e.getMessage(), e);
        }
    }

    /** The organizational units at and under the user base, by DN. Blocking (LDAP). */
    @Override
    public List<String> userUnits() {
        try {
            return users().units().stream().map(com.unboundid.ldap.sdk.DN::toString).toList();
        } catch (DirectoryUnavailableException e) {
            throw new EngineException("the directory is unavailable: " + e.getMessage(), e);
        }
    }

    /** The users directly in the unit {@code unitDn}. Blocking (LDAP). */
    @Override
    public List<UserSummary> usersIn(String unitDn, int limit) {
        try {
            return users().in(new com.unboundid.ldap.sdk.DN(unitDn), limit).stream().map(DirectoryValues::user)
                    .toList();
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new EngineException("not a valid unit DN: " + unitDn, e);
        } catch (DirectoryUnavailableException e) {
            throw new EngineException("the directory is unavailable: " + e.getMessage(), e);
        }
    }

    /** The user whose entry is at {@code dn} (a group member followed to its entry). Blocking (LDAP). */
    @Override
    public UserLookup lookupUserAt(String dn) {
        try {
            return DirectoryValues.lookup(directoryMode().directory().lookupEntry(new com.unboundid.ldap.sdk.DN(dn),
                    java.util.Set.of()));
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new EngineException("not a valid entry DN: " + dn, e);
        }
    }

    private io.rolegate.engine.directory.UserSearch users() {
        return directoryMode().directory().browser().users();
    }

    private DirectoryMode directoryMode() {
        DirectoryMode d = mode.get();
        if (d == null) {
            throw new EngineException("this engine does not use directory authentication (auth.mode: "
                    + config.get().auth().mode().name().toLowerCase(java.util.Locale.ROOT) + ", or not running)");
        }
        return d;
    }

    private interface SqlWork<T> {
        T run() throws java.sql.SQLException;
    }

    private static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (java.sql.SQLException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }

}
