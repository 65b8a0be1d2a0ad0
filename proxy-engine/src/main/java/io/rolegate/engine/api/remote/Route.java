package io.rolegate.engine.api.remote;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One call of the remote API: method and path ({@code /api/v1/sessions/{id}}), whether it changes anything
 * ({@code mutating}: the engine decides it by the caller's administrator right, so a test walks every such route as
 * a read-only user), whether it needs a login ({@code open}: only login itself), whether it looks inside sessions
 * ({@code auditor}: the engine decides it by the caller's auditor right, {@code console.auditorGroup}, so a test walks
 * every such route as an administrator and as a read-only user), and an example body a valid request of it carries
 * (what the OpenAPI file documents and the refusal tests send).
 */
record Route(String method, String path, boolean mutating, boolean open, boolean auditor, String example,
             String summary, Handler handler) {

    /** The work of a route: a value to answer with as JSON (200). */
    interface Handler {
        Object handle(Call call) throws Exception;
    }

    Route {
        if (mutating && example == null) {
            throw new IllegalArgumentException(method + " " + path + " changes something: give it an example body");
        }
    }

    static Route read(String path, String summary, Handler handler) {
        return new Route("GET", path, false, false, false, null, summary, handler);
    }

    static Route change(String method, String path, String example, String summary, Handler handler) {
        return new Route(method, path, true, false, false, example, summary, handler);
    }

    /** A call that looks inside sessions: for auditors only; {@code example} null for a GET. */
    static Route audit(String method, String path, String example, String summary, Handler handler) {
        return new Route(method, path, false, false, true, example, summary, handler);
    }

    /** A call that may run long (walks the whole audit chain, streams an export): few run at once. */
    boolean lengthy() {
        return path.endsWith("/audit/verify") || path.endsWith("/export");
    }

    private List<String> segments() {
        return List.of(path.substring(1).split("/"));
    }

    /** The path parameters when {@code requestPath} fits this route's path (any method), else empty. */
    Optional<Map<String, String>> match(String requestPath) {
        List<String> mine = segments();
        String trimmed = requestPath.length() > 1 && requestPath.endsWith("/")
                ? requestPath.substring(0, requestPath.length() - 1) : requestPath;
        if (!trimmed.startsWith("/")) {
            return Optional.empty();
        }
        String[] theirs = trimmed.substring(1).split("/", -1);
        if (theirs.length != mine.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < theirs.length; i++) {
            String m = mine.get(i);
            if (m.startsWith("{") && m.endsWith("}")) {
                if (theirs[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(m.substring(1, m.length() - 1), theirs[i]);
            } else if (!m.equals(theirs[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
