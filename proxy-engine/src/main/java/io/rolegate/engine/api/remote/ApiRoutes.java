package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.EngineAudit;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.FleetActionResult;
import io.rolegate.engine.api.model.SessionQuery;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The route table: every call of the remote API and the facade method it maps to, with the caller's console login
 * passed through so the engine authorizes it exactly as it does the in-process console's (decision 0014). This is
 * the one list the server dispatches from, the OpenAPI test compares with, and the refusal test walks.
 */
final class ApiRoutes {
    static final String PREFIX = "/api/v1";
    private static final int MAX_ROWS = 1000;
    static final String MAPPINGS_EXAMPLE = "{\"mappings\":[{\"groupDn\":\"cn=dba,ou=groups,dc=example,dc=org\","
            + "\"roles\":[\"dba_role\"]}],\"comment\":\"dba members get dba_role\"}";

    private final Engine engine;
    private final ApiLogins logins;

    ApiRoutes(Engine engine, ApiLogins logins) {
        this.engine = engine;
        this.logins = logins;
    }

    List<Route> table() {
        List<Route> all = new java.util.ArrayList<>(administration());
        all.addAll(new ApiInsight(engine).routes());
        all.addAll(new ApiViews(engine).routes()); // console-views
        return List.copyOf(all);
    }

    private List<Route> administration() {
        return List.of(
                new Route("POST", PREFIX + "/login", false, true, false, null,
                        "log in with a directory account; returns a bearer token", logins::login),
                new Route("POST", PREFIX + "/logout", false, false, false, null, "end this token's login",
                        logins::logout),
                Route.read(PREFIX + "/me", "the caller's login", logins::me),
                Route.read(PREFIX + "/engine", "engine state, listener and counters", c -> engineSummary()),
                Route.read(PREFIX + "/sessions", "every node's live sessions, each with its node",
                        c -> engine.fleet().sessions()),
                Route.read(PREFIX + "/sessions/{id}", "one live session", c -> engine.session(c.pathNumber("id"))
                        .orElseThrow(() -> ApiError.notFound("no live session " + c.pathNumber("id")))),
                Route.change("POST", PREFIX + "/sessions/{id}/disconnect", "{\"reason\":\"maintenance\"}",
                        "end a session with 57P01", this::disconnect),
                Route.change("POST", PREFIX + "/sessions/{id}/cancel", "{}",
                        "cancel the session's running query", this::cancel),
                Route.read(PREFIX + "/session-history", "finished sessions, newest end first", this::history),
                Route.read(PREFIX + "/audit", "audit records, newest first", this::audit),
                Route.read(PREFIX + "/audit/count", "how many audit records match the filters",
                        c -> new Bodies.Count(engine.audit().count(auditQuery(c)))),
                Route.read(PREFIX + "/audit/newest", "the newest audit record's sequence (0 when empty)",
                        c -> new Bodies.Newest(engine.audit().lastSequence())),
                Route.read(PREFIX + "/audit/verify", "walk this node's audit hash chain",
                        c -> engine.audit().verify()),
                Route.read(PREFIX + "/audit/export", "the audit records matching the filters, oldest first, as CSV"
                        + " or JSON Lines (format=csv|jsonl), streamed", this::auditExport),
                Route.read(PREFIX + "/mappings", "the group-to-role mappings in force",
                        c -> engine.directory().mappings()),
                new Route("POST", PREFIX + "/mappings/preview", false, false, false, MAPPINGS_EXAMPLE,
                        "dry run: who would gain or lose which roles, with the SQL", this::preview),
                Route.change("PUT", PREFIX + "/mappings", MAPPINGS_EXAMPLE,
                        "apply new mappings (audited, enforced at once)", this::apply),
                Route.change("POST", PREFIX + "/mappings/undo", "{\"comment\":\"take it back\"}",
                        "undo the last mapping change made on this engine", this::undo),
                Route.read(PREFIX + "/upstream/roles", "PostgreSQL roles with their managed flag and mapped groups",
                        c -> engine.directory().upstreamRoles()),
                Route.read(PREFIX + "/access-preview", "what a user would get at login now, and why",
                        c -> engine.directory().previewAccess(c.requiredQuery("user"))),
                Route.read(PREFIX + "/config/versions", "configuration versions, newest first", c -> versions()),
                Route.read(PREFIX + "/config/versions/{version}", "one configuration version with its YAML",
                        this::version),
                Route.read(PREFIX + "/directory/groups", "directory groups whose name contains text",
                        c -> engine.directory().directoryGroups(c.query("text").orElse(""),
                                c.queryNumber("limit", 100, 1, MAX_ROWS))),
                Route.read(PREFIX + "/directory/group-members", "a group's direct members",
                        c -> engine.directory().groupMembers(c.requiredQuery("dn"))),
                Route.read(PREFIX + "/directory/users", "users whose name, full name or mail starts with text",
                        c -> engine.directory().findUsers(c.requiredQuery("text"),
                                c.queryNumber("limit", 50, 1, MAX_ROWS))));
    }

    private Bodies.EngineSummary engineSummary() {
        String listen;
        try {
            var a = engine.listenAddress();
            listen = a.getHostString() + ":" + a.getPort();
        } catch (RuntimeException notListening) {
            listen = null;
        }
        return new Bodies.EngineSummary(engine.state().name().toLowerCase(Locale.ROOT), listen,
                engine.openConnections(), engine.sessions().size(), engine.metrics(),
                engine.storeMetrics().map(io.rolegate.engine.api.model.StoreMetrics::node).orElse(null));
    }

    private Object disconnect(Call c) {
        long id = c.pathNumber("id");
        Bodies.Disconnect body = c.body(Bodies.Disconnect.class);
        if (onAnotherNode(body.node())) {
            return new Bodies.Disconnected(id, tookEffect(engine.fleet().disconnect(body.node(), id, body.reason(),
                    c.who())));
        }
        if (!engine.disconnect(id, body.reason(), c.who())) {
            throw ApiError.notFound("no live session " + id);
        }
        return new Bodies.Disconnected(id, true);
    }

    private Object cancel(Call c) throws Exception {
        long id = c.pathNumber("id");
        Bodies.Cancel body = c.body(Bodies.Cancel.class);
        if (onAnotherNode(body.node())) {
            return new Bodies.Cancelled(id, tookEffect(engine.fleet().cancelQuery(body.node(), id, c.who())));
        }
        boolean existed = engine.session(id).isPresent();
        boolean cancelled;
        try {
            cancelled = engine.cancelQuery(id, c.who()).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiError(503, "the cancel request to the server did not complete within 10 s");
        }
        if (!cancelled && !existed) {
            throw ApiError.notFound("no live session " + id);
        }
        return new Bodies.Cancelled(id, cancelled);
    }

    /** A request body's {@code node} names another node of the fleet than this engine. */
    private boolean onAnotherNode(String node) {
        return node != null && !node.equals(engine.fleet().node());
    }

    /**
     * The answer of another node to an action: true when it took effect, false when a cancel found nothing running;
     * 404 when the node has no such session, 503 when it refused, failed, is gone or did not answer.
     */
    private static boolean tookEffect(FleetActionResult done) {
        switch (done.outcome()) {
            case DONE:
                return true;
            case NOTHING_RUNNING:
                return false;
            case NO_SUCH_SESSION:
                throw ApiError.notFound(done.message());
            default:
                throw new ApiError(503, done.message());
        }
    }

    /** A body that must be empty or {@code {}}. */
    record EmptyBody() {
    }

    private Object history(Call c) {
        return engine.sessionHistory(new SessionQuery(c.queryTime("since"), c.queryTime("until"),
                c.query("user").orElse(null), c.queryNumber("limit", 100, 1, MAX_ROWS)));
    }

    private Object audit(Call c) {
        return engine.audit().page(auditQuery(c), c.queryLong("before"), c.queryNumber("limit", 100, 1, MAX_ROWS));
    }

    /** Any console login, as the audit listing and the in-process console's export: the same records, in bulk. */
    private Object auditExport(Call c) {
        String format = c.query("format").orElse("jsonl").toLowerCase(Locale.ROOT);
        EngineAudit.Format f = switch (format) {
            case "csv" -> EngineAudit.Format.CSV;
            case "jsonl" -> EngineAudit.Format.JSONL;
            default -> throw ApiError.badField("format", "format is csv or jsonl, not \"" + format + "\"");
        };
        AuditQuery q = auditQuery(c);
        return new Streamed(f == EngineAudit.Format.CSV ? Streamed.CSV : Streamed.JSON_LINES,
                out -> engine.audit().export(q, f, out, c.who(), "API" + (c.source() == null ? ""
                        : " (client " + c.source().getHostAddress() + ")")));
    }

    private static AuditQuery auditQuery(Call c) {
        return AuditQuery.all().since(c.queryTime("since")).until(c.queryTime("until"))
                .user(c.query("user").orElse(null)).text(c.query("text").orElse(null)).types(types(c));
    }

    private static Set<AuditEventType> types(Call c) {
        var given = c.query("type");
        if (given.isEmpty()) {
            return Set.of();
        }
        Set<AuditEventType> out = EnumSet.noneOf(AuditEventType.class);
        for (String name : given.get().split(",")) {
            try {
                out.add(AuditEventType.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiError.badField("type", "unknown audit event type \"" + name.trim() + "\"; known: "
                        + Arrays.stream(AuditEventType.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        return out;
    }

    private Object preview(Call c) {
        return new Bodies.Changes(engine.directory().planMappings(c.body(Bodies.Mappings.class).toMappings()));
    }

    private Object apply(Call c) {
        Bodies.Mappings body = c.body(Bodies.Mappings.class);
        return new Bodies.Changes(engine.directory().applyMappings(body.toMappings(), c.who(), body.comment()));
    }

    private Object undo(Call c) {
        return new Bodies.Changes(engine.directory().undoMappings(c.who(), c.body(Bodies.Undo.class).comment()));
    }

    private List<Bodies.VersionSummary> versions() {
        return engine.settings().history().stream()
                .map(v -> new Bodies.VersionSummary(v.version(), v.createdAt(), v.author(), v.comment())).toList();
    }

    private ConfigVersion version(Call c) {
        long n = c.pathNumber("version");
        return engine.settings().history().stream().filter(v -> v.version() == n).findFirst()
                .orElseThrow(() -> ApiError.notFound("there is no configuration version " + n));
    }
}
