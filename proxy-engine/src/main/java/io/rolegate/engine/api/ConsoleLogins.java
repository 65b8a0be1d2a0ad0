package io.rolegate.engine.api;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.LoginThrottled;
import io.rolegate.engine.auth.LoginThrottle;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.config.ConsoleConfig;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.Directory;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.directory.LookupResult;
import io.rolegate.engine.directory.ResolvedGroup;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.audit.AuditLog;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Console logins: the same directory bind a proxied login gets, then {@code console:} decides the level. Every
 * refusal is an {@link EngineException} whose message the console shows as is; a wrong password and an unknown
 * name read alike, as they do for proxied logins.
 */
final class ConsoleLogins {
    private ConsoleLogins() {
    }

    /**
     * {@link #login}, with the outcome durably in the audit log before this returns: a console session that opens
     * unaudited would let someone act without a trace of who logged in. Refusals are recorded too (a run of them is
     * what a password-guessing attempt looks like); the password is never part of either record.
     */
    static ConsoleIdentity audited(AuditLog audit, Directory directory, ConsoleConfig console, String username,
                                   char[] password) {
        return audited(audit, directory, console, username, password, null, null);
    }

    /**
     * As above, counted by {@code throttle} (the proxied logins' own, so guesses through the console and through the
     * proxy share one budget) for {@code source}; null throttle: not counted (the in-process console's window).
     */
    static ConsoleIdentity audited(AuditLog audit, Directory directory, ConsoleConfig console, String username,
                                   char[] password, LoginThrottle throttle, InetAddress source) {
        LoginThrottle.Attempt attempt = null;
        if (throttle != null) {
            try {
                attempt = throttle.admit(username, source);
            } catch (LoginThrottle.Throttled t) {
                LoginThrottled refused = throttled(t.refusal());
                // the first refusal of a burst is audited, the rest are not (as for proxied logins)
                throw t.refusal().firstOfBurst() ? recordRefusal(audit, username, refused) : refused;
            }
        }
        ConsoleIdentity who;
        try {
            who = login(directory, console, username, password, attempt);
        } catch (EngineException refused) {
            throw recordRefusal(audit, username, refused);
        }
        AuditEvent event = AuditEvent.of(AuditEventType.CONSOLE_LOGIN, "console login: " + who.username() + " as "
                        + (who.mayAdminister() ? "administrator" : "read-only") + (who.mayAudit() ? " and auditor" : "")
                        + ", " + who.reason())
                .withActor(who.username()).withUser(who.username())
                .withDetails(AuditDetails.create().put("dn", who.dn()).put("administrator", who.mayAdminister())
                        .put("auditor", who.mayAudit()));
        try {
            audit.appendDurably(event, "the console stays logged out");
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
        return who;
    }

    private static LoginThrottled throttled(LoginThrottle.Refusal r) {
        return new LoginThrottled("too many failed logins "
                + (r.scope() == LoginThrottle.Scope.USER ? "for this user name" : "from this address")
                + " lately; try again in " + r.retryAfterSeconds() + " s", r.retryAfterSeconds());
    }

    private static EngineException recordRefusal(AuditLog audit, String username, EngineException refused) {
        AuditEvent event = AuditEvent.of(AuditEventType.CONSOLE_LOGIN_REFUSED,
                "console login refused for " + username + ": " + refused.getMessage())
                .withActor(username).withUser(username);
        try {
            audit.appendDurably(event, "the refusal is not on record");
        } catch (StoreException notRecorded) {
            refused.addSuppressed(notRecorded);
            return new EngineException(refused.getMessage() + " (and " + notRecorded.getMessage() + ")", refused);
        }
        return refused;
    }

    static ConsoleIdentity login(Directory directory, ConsoleConfig console, String username, char[] password) {
        return login(directory, console, username, password, null);
    }

    private static ConsoleIdentity login(Directory directory, ConsoleConfig console, String username,
                                         char[] password, LoginThrottle.Attempt attempt) {
        AuthResult result = directory.authenticate(username, password);
        if (result instanceof AuthResult.Authenticated ok) {
            if (attempt != null) {
                attempt.succeeded();
            }
            return levelOf(ok.user(), console);
        }
        if (result instanceof AuthResult.AccountNotUsable unusable) {
            throw new EngineException("the directory does not let " + username + " log in: " + unusable.reason());
        }
        if (result instanceof AuthResult.DirectoryUnavailable down) {
            if (attempt != null) {
                attempt.withdrawn();
            }
            throw new EngineException("the directory is unavailable, so nobody can log in to the console now: "
                    + down.cause());
        }
        throw new EngineException("wrong user name or password for " + username);
    }

    /**
     * What the directory says of a logged-in console user now: their level, empty when the directory cannot be
     * reached; an {@link EngineException} saying why when it no longer lets them use the console at all.
     */
    static Optional<ConsoleIdentity> levelNow(Directory directory, ConsoleConfig console, ConsoleIdentity who) {
        LookupResult found = directory.lookup(who.username());
        if (found instanceof AuthResult.DirectoryUnavailable) {
            return Optional.empty();
        }
        if (!(found instanceof LookupResult.Found f)) {
            throw new EngineException(who.username() + " is no longer in the directory");
        }
        if (!Dns.parse(who.dn()).equals(f.user().dn())) {
            throw new EngineException("the name " + who.username() + " now belongs to another directory entry ("
                    + f.user().dn() + "); log in again");
        }
        if (!f.user().accountState().isUsable()) {
            throw new EngineException("the directory no longer lets " + who.username() + " log in: "
                    + f.user().accountState().reason());
        }
        return Optional.of(levelOf(f.user(), console));
    }

    static ConsoleIdentity levelOf(DirectoryUser user, ConsoleConfig console) {
        String name = user.attributes().getOrDefault("cn", List.of(user.username())).get(0);
        Optional<ResolvedGroup> admin = membership(user, console.adminGroup());
        Optional<ResolvedGroup> reader = admin.isPresent() ? Optional.empty()
                : membership(user, console.readOnlyGroup());
        Optional<ResolvedGroup> auditor = membership(user, console.auditorGroup());
        Optional<ResolvedGroup> level = admin.or(() -> reader);
        if (level.isEmpty() && auditor.isEmpty()) {
            if (!console.anyGroup()) {
                throw new EngineException("no console groups are configured: set console.adminGroup (and optionally "
                        + "console.readOnlyGroup, console.auditorGroup) to the directory groups whose members may use "
                        + "the console");
            }
            throw new EngineException(user.username() + " may not use the console: not a member of "
                    + describe(console.adminGroup()) + (console.readOnlyGroup() == null ? ""
                    : " or " + describe(console.readOnlyGroup())) + (console.auditorGroup() == null ? ""
                    : " or " + describe(console.auditorGroup())));
        }
        String reason = level.map(g -> "member of " + g.explain()).orElse("")
                + (auditor.isEmpty() ? "" : (level.isEmpty() ? "" : "; ") + "auditor as member of "
                + auditor.get().explain());
        return new ConsoleIdentity(user.username(), user.dn().toString(), name, admin.isPresent(),
                auditor.isPresent(), reason);
    }

    private static Optional<ResolvedGroup> membership(DirectoryUser user, String groupDn) {
        return groupDn == null ? Optional.empty() : user.group(Dns.parse(groupDn));
    }

    private static String describe(String groupDn) {
        if (groupDn == null) {
            return "the console admin group (none is configured)";
        }
        DN dn = Dns.parse(groupDn);
        return dn.getRDNString();
    }
}
