package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.config.AuthMode;
import io.rolegate.engine.config.RolegateConfig;

import java.util.function.Supplier;

/**
 * The engine's side of the console's logins: who the operator is, logging out, and the check every change goes
 * through — {@link ConsoleAuthority}'s record of the login plus, for a directory login, the directory's current word
 * on the person (decision 0014).
 */
final class ConsoleAccess {
    private final ConsoleAuthority authority;
    private final Supplier<RolegateConfig> config;
    private final Supplier<EngineRuntime> runtime;

    ConsoleAccess(ConsoleAuthority authority, Supplier<RolegateConfig> config, Supplier<EngineRuntime> runtime) {
        this.authority = authority;
        this.config = config;
        this.runtime = runtime;
    }

    /**
     * Whoever runs the process holds every right when there is no directory login to ask for, auditing included
     * (they can read the process's memory anyway).
     */
    ConsoleIdentity operator(String osUser) {
        if (config.get().auth().mode() == AuthMode.DIRECTORY && loginsConfigured()) {
            throw new PermissionDenied("console logins are configured (console.adminGroup): log in with a directory"
                    + " account");
        }
        return authority.issue(new ConsoleIdentity(osUser, "", osUser, true, true,
                "runs the engine, which has no console logins configured"));
    }

    boolean loginsConfigured() {
        return config.get().console().anyGroup();
    }

    void logout(ConsoleIdentity who, boolean running) {
        EngineRuntime r = runtime.get();
        if (authority.logout(who) && running && r != null) {
            r.store.audit().append(AuditEvent.of(AuditEventType.CONSOLE_LOGOUT, "console logout: " + who.username())
                    .withActor(who.username()).withUser(who.username()));
        }
    }

    ConsoleIdentity authorize(ConsoleIdentity who, String action, ConsoleAuthority.Effect effect) {
        return authority.require(who, action, effect);
    }

    /**
     * The directory's current word on console users of the running engine; null without a directory. The operator's
     * handle (no DN) holds while no console groups are configured, and ends when a version taken live adds them.
     */
    static ConsoleAuthority.Recheck recheck(EngineRuntime r, Supplier<RolegateConfig> config) {
        DirectoryMode d = r == null ? null : r.directoryMode();
        return d == null ? null : w -> {
            if (!w.dn().isEmpty()) {
                return ConsoleLogins.levelNow(d.directory(), config.get().console(), w);
            }
            if (config.get().console().anyGroup()) {
                // console groups arrived with a configuration version taken live: the operator's handle ends
                throw new io.rolegate.engine.api.model.EngineException("console logins are configured now"
                        + " (console.adminGroup): log in with a directory account");
            }
            return java.util.Optional.of(w);
        };
    }
}
