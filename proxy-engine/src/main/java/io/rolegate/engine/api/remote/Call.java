package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.model.ConsoleIdentity;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a route's handler sees it: path and query parameters, the body, the caller's console login (null
 * on the open login route), the bearer token (for logout) and the client's address (for the login throttle).
 * Every reader of a parameter answers a wrong value with a 400 naming it.
 */
final class Call {
    private final Map<String, String> path;
    private final Map<String, String> query;
    private final byte[] body;
    private final ConsoleIdentity who;
    private final String token;
    private final InetAddress source;

    Call(Map<String, String> path, String rawQuery, byte[] body, ConsoleIdentity who, String token,
         InetAddress source) {
        this.path = path;
        this.query = parseQuery(rawQuery);
        this.body = body;
        this.who = who;
        this.token = token;
        this.source = source;
    }

    ConsoleIdentity who() {
        return who;
    }

    String token() {
        return token;
    }

    InetAddress source() {
        return source;
    }

    <T> T body(Class<T> type) {
        return ApiJson.read(body, type);
    }

    /** A whole-number path parameter such as a session id. */
    long pathNumber(String name) {
        String v = path.get(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiError.badField(name, name + " must be a whole number, not \"" + v + "\"");
        }
    }

    Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    String requiredQuery(String name) {
        return query(name).orElseThrow(() -> ApiError.badField(name, "the query parameter " + name + " is required"));
    }

    int queryNumber(String name, int defaultValue, int min, int max) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw ApiError.badField(name, name + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badField(name, name + " must be a whole number, not \"" + v.get() + "\"");
        }
    }

    Long queryLong(String name) {
        Optional<String> v = query(name);
        try {
            return v.map(Long::parseLong).orElse(null);
        } catch (NumberFormatException e) {
            throw ApiError.badField(name, name + " must be a whole number, not \"" + v.get() + "\"");
        }
    }

    /** An ISO-8601 instant, offset date-time, or a UTC date (as the CLI's --since takes). */
    Instant queryTime(String name) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return null;
        }
        String s = v.get();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.badField(name, name + " must be an ISO-8601 time such as 2026-12-07T08:00:00Z, not \""
                    + s + "\"");
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.putIfAbsent(k, v) != null) {
                throw ApiError.badField(k, "the query parameter " + k + " is given twice");
            }
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("", "the query string is not valid URL encoding");
        }
    }
}
