package io.rolegate.engine.api;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.FleetActionResult;
import io.rolegate.engine.api.model.SessionSnapshot;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The engine as a console sees it, wherever it runs: in this process ({@link #inProcess(Engine)}) or behind the
 * remote admin API ({@code api.remote.RemoteEngine}, {@code --attach}). The same views work on either; the values
 * are the {@code api.model} records in both cases. Every change names {@code who} and is decided by the engine
 * (decision 0014); every call blocks, so call from background tasks, never the JavaFX thread.
 */
public interface ConsoleEngine {
    /** Where this engine is, for the status bar: "in this process", or the URL and node. */
    String where();

    /** A console login with directory credentials; throws EngineException with the engine's words when refused. */
    ConsoleIdentity login(String username, char[] password);

    /** Ends {@code who}'s login. */
    void logout(ConsoleIdentity who);

    /**
     * Live sessions, oldest first: in this process, this engine's (the console reads the other nodes' through
     * {@code engine.fleet()}); attached, every node's of the fleet ({@code GET /sessions}), each with its node.
     */
    List<SessionSnapshot> sessions();

    /** Ends a session with 57P01 for {@code who} (PermissionDenied when they may only look); false: gone. */
    boolean disconnect(long sessionId, String reason, ConsoleIdentity who);

    /** Cancels the session's running query for {@code who}; completes with false when none ran. */
    CompletableFuture<Boolean> cancelQuery(long sessionId, ConsoleIdentity who);

    AuditHistory audit();

    MappingAdmin mappings();

    // console-fleet: every node's sessions and actions routed to the node a session lives on (decision 0028)

    /** This engine's node name ({@code fleet.node}); null while not known (an attached engine before a login). */
    String node();

    /**
     * Ends session {@code sessionId} of {@code node} (null: this engine's) with 57P01 for {@code who}
     * ({@link io.rolegate.engine.api.model.PermissionDenied} when they may only look, and nothing is asked of any
     * node); waits up to 5 s for another node's answer, which says in words what became of it.
     */
    FleetActionResult disconnect(String node, long sessionId, String reason, ConsoleIdentity who);

    /** Cancels the running query of session {@code sessionId} of {@code node} for {@code who}, as above. */
    FleetActionResult cancelQuery(String node, long sessionId, ConsoleIdentity who);

    /** The in-process engine as a console engine. */
    static ConsoleEngine inProcess(Engine engine) {
        return new ConsoleEngine() {
            @Override
            public String where() {
                return "in this process";
            }

            @Override
            public ConsoleIdentity login(String username, char[] password) {
                return engine.directory().consoleLogin(username, password);
            }

            @Override
            public void logout(ConsoleIdentity who) {
                engine.logout(who);
            }

            @Override
            public List<SessionSnapshot> sessions() {
                return engine.sessions();
            }

            @Override
            public boolean disconnect(long sessionId, String reason, ConsoleIdentity who) {
                return engine.disconnect(sessionId, reason, who);
            }

            @Override
            public CompletableFuture<Boolean> cancelQuery(long sessionId, ConsoleIdentity who) {
                return engine.cancelQuery(sessionId, who);
            }

            @Override
            public AuditHistory audit() {
                return engine.audit();
            }

            @Override
            public MappingAdmin mappings() {
                return engine.directory();
            }

            // console-fleet
            @Override
            public String node() {
                return engine.fleet().node();
            }

            @Override
            public FleetActionResult disconnect(String node, long sessionId, String reason, ConsoleIdentity who) {
                return engine.fleet().disconnect(node, sessionId, reason, who);
            }

            @Override
            public FleetActionResult cancelQuery(String node, long sessionId, ConsoleIdentity who) {
                return engine.fleet().cancelQuery(node, sessionId, who);
            }
        };
    }
}
