package io.rolegate.engine.api.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolegate.engine.api.AuditHistory;
import io.rolegate.engine.api.ConsoleEngine;
import io.rolegate.engine.api.DirectoryBrowser;
import io.rolegate.engine.api.MappingAdmin;
import io.rolegate.engine.api.ProtocolTraces;
import io.rolegate.engine.api.SessionRecordings;
import io.rolegate.engine.api.SettingsAdmin;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.FleetActionResult;
import io.rolegate.engine.api.model.FleetActionResult.Outcome;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.ThroughputSample;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An engine the console is attached to over its remote admin API ({@code --attach https://HOST:PORT}): the same
 * {@link ConsoleEngine} the in-process engine is, spoken as HTTPS calls with the values of {@code api.model}. A login
 * posts the directory credentials and keeps the bearer token in memory only (in the {@link ConsoleIdentity}'s
 * token); the engine decides every change by it. Every call blocks for a round trip.
 */
public final class RemoteEngine implements ConsoleEngine {
    private final ApiCalls calls;
    /** The token of the login the views read with (the latest login through this client); null before one. */
    private volatile String token;
    /** The engine's node name, learnt at login. */
    private volatile String node;
    private final RemoteAudit audit;
    private final RemoteMappings mappings;
    // console-views
    private final RemoteDirectory directory;
    private final RemoteSettings settings;
    private final RemoteRecordings recordings;
    private final RemoteTraces traces;

    private RemoteEngine(ApiCalls calls) {
        this.calls = calls;
        this.audit = new RemoteAudit(calls, () -> token);
        this.mappings = new RemoteMappings(calls, () -> token);
        this.directory = new RemoteDirectory(calls, () -> token, mappings);
        this.settings = new RemoteSettings(calls, () -> token);
        this.recordings = new RemoteRecordings(calls);
        this.traces = new RemoteTraces(calls);
    }

    /**
     * A client of the engine at {@code url} ({@code https://HOST:PORT}), verifying its certificate by {@code trust};
     * nothing is sent yet.
     *
     * @throws EngineException when {@code url} is not an https URL with a host
     */
    public static RemoteEngine at(String url, EngineTrust trust) {
        String trimmed = url.strip();
        URI base;
        try {
            base = URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
        } catch (IllegalArgumentException e) {
            throw new EngineException("not a URL: " + url);
        }
        if (!"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
            throw new EngineException("an engine's admin API is https://HOST:PORT (TLS only), not " + url);
        }
        return new RemoteEngine(new ApiCalls(base, trust));
    }

    /** The engine's URL. */
    public String url() {
        return calls.base().toString();
    }

    /** The node name the engine reported at login, or null before one. */
    @Override
    public String node() {
        return node;
    }

    /**
     * Checks, before anybody types a password, that the engine's certificate is trusted and that a Rolegate admin
     * API answers there: {@link io.rolegate.engine.api.model.UntrustedCertificate} or an
     * {@link EngineException} saying what is wrong.
     */
    public void reach() {
        try {
            calls.get("/me", null);
            throw new EngineException(url() + " answered without a login: it is not a Rolegate admin API");
        } catch (io.rolegate.engine.api.model.LoginExpired expected) {
            // 401 for no token is the one right answer: TLS held and the API is there
        }
    }

    @Override
    public String where() {
        return url() + (node == null ? "" : " (node " + node + ")");
    }

    @Override
    public ConsoleIdentity login(String username, char[] password) {
        String answer = calls.login(new Bodies.Login(username, password));
        Bodies.LoggedIn in = ApiJson.answer(answer, new ApiJson.JavaTypeRef<Bodies.LoggedIn>() { });
        token = in.token();
        JsonNode summary = ApiJson.tree(calls.get("/engine", in.token()));
        node = summary.path("node").isTextual() ? summary.path("node").asText() : null;
        // the levels are the engine's answer: the window greys what this login may not do (decision 0038)
        return new ConsoleIdentity(in.username(), "", in.displayName(), in.administrator(), in.auditor(), in.reason(),
                in.token());
    }

    @Override
    public void logout(ConsoleIdentity who) {
        calls.post("/logout", new ApiRoutes.EmptyBody(), who.token());
        if (who.token().equals(token)) {
            token = null;
        }
    }

    @Override
    public List<SessionSnapshot> sessions() {
        return ApiJson.answer(calls.get("/sessions", token), new ApiJson.JavaTypeRef<List<SessionSnapshot>>() { });
    }

    @Override
    public boolean disconnect(long sessionId, String reason, ConsoleIdentity who) {
        try {
            calls.post("/sessions/" + sessionId + "/disconnect", new Bodies.Disconnect(reason, null), who.token());
            return true;
        } catch (ApiCalls.NotFound gone) {
            return false;
        }
    }

    @Override
    public CompletableFuture<Boolean> cancelQuery(long sessionId, ConsoleIdentity who) {
        // the round trip blocks like the in-process cancel's audit commit; the caller is on a background task
        try {
            String answer = calls.post("/sessions/" + sessionId + "/cancel", new ApiRoutes.EmptyBody(), who.token());
            return CompletableFuture.completedFuture(
                    ApiJson.answer(answer, new ApiJson.JavaTypeRef<Bodies.Cancelled>() { }).cancelled());
        } catch (ApiCalls.NotFound gone) {
            return CompletableFuture.completedFuture(false);
        }
    }

    @Override
    public AuditHistory audit() {
        return audit;
    }

    @Override
    public MappingAdmin mappings() {
        return mappings;
    }

    // console-fleet

    @Override
    public FleetActionResult disconnect(String node, long sessionId, String reason, ConsoleIdentity who) {
        return routed(node, sessionId, () -> {
            calls.post("/sessions/" + sessionId + "/disconnect", new Bodies.Disconnect(reason, node), who.token());
            return new FleetActionResult(node, sessionId, Outcome.DONE, "node " + node + ": session " + sessionId
                    + " ended (57P01)");
        });
    }

    @Override
    public FleetActionResult cancelQuery(String node, long sessionId, ConsoleIdentity who) {
        return routed(node, sessionId, () -> {
            String answer = calls.post("/sessions/" + sessionId + "/cancel", new Bodies.Cancel(node), who.token());
            return ApiJson.answer(answer, new ApiJson.JavaTypeRef<Bodies.Cancelled>() { }).cancelled()
                    ? new FleetActionResult(node, sessionId, Outcome.DONE, "node " + node + ": cancel request sent"
                    + " for the running query of session " + sessionId)
                    : new FleetActionResult(node, sessionId, Outcome.NOTHING_RUNNING, "node " + node + ": session "
                    + sessionId + " was running no query");
        });
    }

    /**
     * An action on {@code node}'s session through this engine: its 404 (no such session there) and 503 (the node
     * is gone, did not answer, refused or failed) become the outcome, in the engine's words; a refusal of the
     * caller (403) and a lost login (401) stay exceptions.
     */
    private FleetActionResult routed(String node, long sessionId, java.util.function.Supplier<FleetActionResult> call) {
        String on = node == null ? this.node : node;
        try {
            return call.get();
        } catch (ApiCalls.NotFound gone) {
            return new FleetActionResult(on, sessionId, Outcome.NO_SUCH_SESSION, gone.getMessage());
        } catch (ApiCalls.Unavailable e) {
            // the API answers these 503 alike; the message says which (gone, did not answer, refused, failed)
            return new FleetActionResult(on, sessionId, Outcome.FAILED, e.getMessage());
        }
    }

    // console-views
    @Override
    public List<ThroughputSample> throughputAfter(Instant after) {
        return ApiJson.answer(calls.get("/throughput" + (after == null ? "" : "?after=" + ApiCalls.encode(
                after.toString())), token), new ApiJson.JavaTypeRef<List<ThroughputSample>>() { });
    }

    @Override
    public DirectoryBrowser directory() {
        return directory;
    }

    @Override
    public SettingsAdmin settings() {
        return settings;
    }

    @Override
    public SessionRecordings recordings() {
        return recordings;
    }

    @Override
    public ProtocolTraces traces() {
        return traces;
    }
}
