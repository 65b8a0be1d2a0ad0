package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.store.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Who may do what through the facade, decided inside the engine (decision 0014). A console login is recorded
 * here under a random token; an action names the login by that token, and the engine judges by its own record
 * and, for a directory login, by what the directory says now — a value the caller built, or a read-only login,
 * gets a {@link PermissionDenied} that is in the audit log before the caller sees it.
 *
 * <p>Actions that can give access (mappings, settings, secrets, starting an engine) need the directory's current
 * word; actions that can only take access away (disconnect, cancel, stop) may fall back to the login-time decision
 * while the directory is unreachable, so an outage never keeps an administrator from ending sessions. Looking
 * inside sessions (protocol traces, recordings) is the auditor's permission ({@link #requireAuditor}), of its own:
 * administering does not imply it.
 */
final class ConsoleAuthority {
    private static final Logger log = LoggerFactory.getLogger(ConsoleAuthority.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What an action can do to access: decides whether a directory outage may fall back to the login's level. */
    enum Effect { GRANTS, REVOKES }

    /** The directory's current word on a console user: their level now, empty when the directory is unreachable. */
    interface Recheck {
        Optional<ConsoleIdentity> levelNow(ConsoleIdentity loggedIn);
    }

    private final Map<String, ConsoleIdentity> logins = new ConcurrentHashMap<>();
    /** The directory's current word (null while the engine has no directory: operator logins). */
    private final Supplier<Recheck> recheck;
    /** Where refusals are recorded (null while there is no store to record into). */
    private final Supplier<AuditLog> audit;

    ConsoleAuthority(Supplier<Recheck> recheck, Supplier<AuditLog> audit) {
        this.recheck = recheck;
        this.audit = audit;
    }

    /** Records a login the engine decided (directory or operator) and hands back its handle. */
    ConsoleIdentity issue(ConsoleIdentity decided) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        ConsoleIdentity issued = decided.withToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        logins.put(issued.token(), issued);
        return issued;
    }

    /** Forgets the login; later actions with its token are refused. */
    boolean logout(ConsoleIdentity who) {
        return who != null && !who.token().isEmpty() && logins.remove(who.token()) != null;
    }

    /**
     * Whether the engine's own record of {@code claimed} (as the directory last confirmed it) is an administrator:
     * for what a viewer may read, once a second, without asking the directory or auditing a refusal.
     */
    boolean administers(ConsoleIdentity claimed) {
        ConsoleIdentity known = claimed == null || claimed.token().isEmpty() ? null : logins.get(claimed.token());
        return known != null && known.username().equals(claimed.username()) && known.mayAdminister();
    }

    /**
     * Whether the engine's own record of {@code claimed} (as the directory last confirmed it) is an auditor: for
     * reading on in what an audited action already opened (a running trace), without asking the directory again.
     */
    boolean audits(ConsoleIdentity claimed) {
        ConsoleIdentity known = claimed == null || claimed.token().isEmpty() ? null : logins.get(claimed.token());
        return known != null && known.username().equals(claimed.username()) && known.mayAudit();
    }

    /**
     * The engine's own record of {@code claimed}, whatever its level (what any console login may do: read, export
     * the audit history); a value the engine did not issue, or a login that ended, is refused and audited.
     *
     * @param action what is asked, in the words the refusal and the audit use: "export the audit history"
     */
    ConsoleIdentity loggedIn(ConsoleIdentity claimed, String action) {
        ConsoleIdentity known = claimed == null || claimed.token().isEmpty() ? null : logins.get(claimed.token());
        if (known == null || !known.username().equals(claimed.username())) {
            throw refused(claimed == null ? "(nobody)" : claimed.username(), action,
                    "not logged in to this engine: log in to the console first", audit);
        }
        return known;
    }

    /** The name the engine's record of {@code claimed} has, or "operator" for a value it did not issue. */
    String nameOf(ConsoleIdentity claimed) {
        ConsoleIdentity known = claimed == null || claimed.token().isEmpty() ? null : logins.get(claimed.token());
        return known == null ? "operator" : known.username();
    }

    /** Hands every login over to a successor engine (the console restarts an engine as a new one). */
    void handOver(ConsoleAuthority successor) {
        successor.logins.putAll(logins);
    }

    /**
     * The engine's own record of {@code claimed}, allowed to administer now; throws {@link PermissionDenied}
     * (audited when there is a store to audit into) otherwise.
     *
     * @param action what is asked, in the words the refusal and the audit use: "stop the engine"
     */
    ConsoleIdentity require(ConsoleIdentity claimed, String action, Effect effect) {
        ConsoleIdentity now = current(claimed, action, effect,
                "a console administrator; changes that can give access wait for it");
        if (!now.mayAdminister()) {
            throw refused(claimed.username(), action, claimed.username() + " may only look (" + now.reason()
                    + "); to " + action + " one must be a member of console.adminGroup", audit);
        }
        return now;
    }

    /**
     * The engine's own record of {@code who}, allowed to look inside sessions now (a member of
     * {@code console.auditorGroup} by the directory's current word; administering does not imply it); throws
     * {@link PermissionDenied}, audited, otherwise. Reading can reveal what the directory no longer allows, so a
     * directory outage refuses rather than falling back to the login-time decision.
     *
     * @param what what is asked, in the words the refusal and the audit use: "trace session 42"
     */
    ConsoleIdentity requireAuditor(ConsoleIdentity who, String what) {
        ConsoleIdentity now = current(who, what, Effect.GRANTS,
                "a console auditor; looking inside sessions waits for it");
        if (!now.mayAudit()) {
            throw refused(who.username(), what, who.username() + " is no auditor (" + now.reason() + "); to "
                    + what + " one must be a member of console.auditorGroup", audit);
        }
        return now;
    }

    /** The login {@code claimed} names, as the directory has it now (or refused, audited). */
    private ConsoleIdentity current(ConsoleIdentity claimed, String action, Effect effect, String level) {
        ConsoleIdentity known = claimed == null || claimed.token().isEmpty() ? null : logins.get(claimed.token());
        String who = claimed == null ? "(nobody)" : claimed.username();
        if (known == null || !known.username().equals(claimed.username())) {
            throw refused(who, action, "not logged in to this engine: log in to the console first", audit);
        }
        ConsoleIdentity now = known;
        Recheck directory = recheck.get();
        if (directory != null) { // the operator's handle too: see ConsoleAccess.recheck
            Optional<ConsoleIdentity> fresh;
            try {
                fresh = directory.levelNow(known);
            } catch (EngineException noLonger) {
                logins.remove(known.token());
                throw refused(who, action, noLonger.getMessage(), audit);
            }
            if (fresh.isEmpty() && effect == Effect.GRANTS) {
                throw refused(who, action, "the directory cannot be reached to confirm " + who
                        + " is still " + level, audit);
            }
            if (fresh.isPresent()) {
                now = fresh.get().withToken(known.token());
                logins.put(known.token(), now);
            }
        }
        return now;
    }

    private static PermissionDenied refused(String who, String action, String why, Supplier<AuditLog> audit) {
        PermissionDenied denied = new PermissionDenied("refused to " + action + ": " + why);
        AuditLog log = audit.get();
        if (log == null) {
            return denied;
        }
        AuditEvent event = AuditEvent.of(AuditEventType.CONSOLE_ACTION_REFUSED, denied.getMessage())
                .withActor(who).withDetails(AuditDetails.create().put("action", action));
        try {
            log.appendDurably(event, "the refusal is not on record");
        } catch (EngineException notRecorded) {
            denied.addSuppressed(notRecorded);
            ConsoleAuthority.log.error("a refused console action is not on record: {}", notRecorded.getMessage());
        }
        return denied;
    }
}
