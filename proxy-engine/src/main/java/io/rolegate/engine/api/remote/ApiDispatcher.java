package io.rolegate.engine.api.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.PermissionDenied;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns one HTTP exchange into one route's call and its outcome into JSON: finds the route (404, 405), checks the
 * bearer token (401), reads a bounded JSON body (413, 415), runs the call, and maps what the facade says to a
 * status — {@link PermissionDenied} 403, other {@link EngineException}s 409, bad input 400. Runs on the API's own
 * threads. Logs method, path and status; never a header or a body (they carry tokens and passwords).
 *
 * <p>Long calls — walking the audit chain, streamed exports ({@link Route#lengthy()}) — take one of
 * {@link #LENGTHY_CALLS} places for as long as they run, answer and stream included; when all are taken the next one
 * is answered 503 with {@code Retry-After} at once. So they never hold more than that many of the API's
 * {@link ApiServer#WORKERS} threads, and health, sessions and actions stay answered (decision 0035).
 */
final class ApiDispatcher implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final String JSON = "application/json";
    /** How many long calls may run at once: leaves most of the API's threads for short ones. */
    static final int LENGTHY_CALLS = 2;
    static final long LENGTHY_RETRY_AFTER_SECONDS = 5;

    private final List<Route> routes;
    private final ApiLogins logins;
    private final java.util.concurrent.Semaphore lengthy = new java.util.concurrent.Semaphore(LENGTHY_CALLS);

    ApiDispatcher(List<Route> routes, ApiLogins logins) {
        this.routes = routes;
        this.logins = logins;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // not an exchange attribute: the JDK's HttpServer keeps those in the context, shared by every exchange
        boolean[] holdsLengthy = {false};
        try (exchange) {
            answer(exchange, holdsLengthy);
        } finally {
            if (holdsLengthy[0]) {
                lengthy.release();
            }
        }
    }

    private void answer(HttpExchange exchange, boolean[] holdsLengthy) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        StreamedAnswer streamed = null;
        int status;
        byte[] body;
        try {
            Object result = dispatch(exchange, method, path, holdsLengthy);
            if (result instanceof Streamed s) {
                streamed = new StreamedAnswer(exchange, s.contentType());
                StreamedAnswer out = streamed;
                mapped(method, path, () -> {
                    s.body().writeTo(out);
                    out.close();
                    return null;
                });
                log.debug("admin API {} {} -> 200 (streamed)", method, path);
                return;
            }
            status = 200;
            body = ApiJson.write(result);
        } catch (RuntimeException failed) {
            ApiError e = failed instanceof ApiError a ? a : internal(method, path, failed);
            if (streamed != null && streamed.started()) {
                cut(streamed, e);
                return;
            }
            status = e.status();
            body = error(e);
            if (e.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"rolegate\"");
            }
            if (e.retryAfterSeconds() > 0) {
                exchange.getResponseHeaders().set("Retry-After", Long.toString(e.retryAfterSeconds()));
            }
        }
        log.debug("admin API {} {} -> {}", method, path, status);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * A streamed answer that failed after its first line: the status went out, so the last line says so (a reader
     * of JSON Lines sees {@code "kind":"error"} instead of a silently short export).
     */
    private static void cut(StreamedAnswer out, ApiError e) throws IOException {
        log.warn("admin API: a streamed answer was cut: {}", e.getMessage());
        // "kind" first, always (Map.of's order changes from run to run): readers recognise the line by its start
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "error");
        line.put("status", e.status());
        line.put("message", "the answer is incomplete: " + e.getMessage());
        out.write("\n" + new String(ApiJson.write(line), java.nio.charset.StandardCharsets.UTF_8) + "\n");
        out.close();
    }

    private Object dispatch(HttpExchange exchange, String method, String path, boolean[] holdsLengthy) {
        Route route = route(exchange, method, path);
        Map<String, String> params = route.match(path).orElseThrow();
        String token = bearer(exchange);
        ConsoleIdentity who = route.open() ? null : logins.check(token);
        if (route.lengthy()) {
            if (!lengthy.tryAcquire()) {
                throw new ApiError(503, LENGTHY_CALLS + " long calls (audit verify, exports) are running on this"
                        + " engine already; try again in " + LENGTHY_RETRY_AFTER_SECONDS + " s", null,
                        LENGTHY_RETRY_AFTER_SECONDS);
            }
            holdsLengthy[0] = true;
        }
        byte[] body = body(exchange, method);
        Call call = new Call(params, exchange.getRequestURI().getRawQuery(), body, who, token,
                exchange.getRemoteAddress().getAddress());
        return mapped(method, path, () -> route.handler().handle(call));
    }

    /** Runs {@code work}, mapping what the facade throws to an answer's status. */
    private static Object mapped(String method, String path, java.util.concurrent.Callable<Object> work) {
        try {
            return work.call();
        } catch (ApiError e) {
            throw e;
        } catch (PermissionDenied e) {
            throw new ApiError(403, e.getMessage());
        } catch (EngineException e) {
            throw new ApiError(409, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        } catch (Exception e) {
            throw internal(method, path, e);
        }
    }

    private static ApiError internal(String method, String path, Exception e) {
        log.error("admin API: {} {} failed", method, path, e);
        return new ApiError(500, "the engine could not answer (" + e.getClass().getSimpleName()
                + "); its log has the details");
    }

    private Route route(HttpExchange exchange, String method, String path) {
        List<Route> fitting = routes.stream().filter(r -> r.match(path).isPresent()).toList();
        if (fitting.isEmpty()) {
            throw ApiError.notFound("no such API path: " + path + " (the API lives under " + ApiRoutes.PREFIX
                    + "/; see the OpenAPI description)");
        }
        Optional<Route> exact = fitting.stream().filter(r -> r.method().equals(method)).findFirst();
        if (exact.isEmpty()) {
            String allow = fitting.stream().map(Route::method).distinct().collect(Collectors.joining(", "));
            exchange.getResponseHeaders().set("Allow", allow);
            throw new ApiError(405, path + " takes " + allow + ", not " + method);
        }
        return exact.get();
    }

    private static String bearer(HttpExchange exchange) {
        String h = exchange.getRequestHeaders().getFirst("Authorization");
        if (h == null) {
            return null;
        }
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : "";
    }

    private static byte[] body(HttpExchange exchange, String method) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(ApiJson.MAX_BODY_BYTES + 1);
            if (bytes.length > ApiJson.MAX_BODY_BYTES) {
                throw new ApiError(413, "the body is larger than " + ApiJson.MAX_BODY_BYTES + " bytes");
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (bytes.length > 0 && (type == null || !type.toLowerCase(Locale.ROOT).startsWith(JSON))) {
                throw new ApiError(415, method + " bodies must be JSON (Content-Type: application/json)");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiError.badField("", "the body could not be read: " + e.getMessage());
        }
    }

    private static byte[] error(ApiError e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", e.status());
        out.put("error", e.word());
        out.put("message", e.getMessage());
        if (e.field() != null && !e.field().isEmpty()) {
            out.put("field", e.field());
        }
        return ApiJson.write(out);
    }
}
