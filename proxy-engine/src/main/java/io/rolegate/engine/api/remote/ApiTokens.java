package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.model.ConsoleIdentity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote API's bearer tokens: 256 random bits each, handed to the caller once and kept here only as their
 * SHA-256 (a heap dump or a debug print of this table gives nobody a usable token). A token is good for a fixed
 * lifetime from its login — not sliding, so a stolen one dies on schedule however busy its thief keeps it — or until
 * its logout. Behind each token is the engine's own console login ({@link ConsoleIdentity}), which the facade
 * judges on every call exactly as it judges the in-process console's. Thread-safe.
 */
final class ApiTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token's login and when it stops being accepted. */
    record Grant(ConsoleIdentity who, Instant expires) {
    }

    /** A new token and its grant (the token itself is not kept). */
    record Issued(String token, Grant grant) {
    }

    private final Map<String, Grant> byDigest = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Clock clock;

    ApiTokens(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    Issued issue(ConsoleIdentity who) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Grant grant = new Grant(who, clock.instant().plus(lifetime));
        byDigest.put(digest(token), grant);
        return new Issued(token, grant);
    }

    /**
     * The grant behind {@code token}, or a 401 saying why not. An expired grant is removed and handed to
     * {@code expired} (the engine forgets the login behind it).
     */
    Grant check(String token, java.util.function.Consumer<ConsoleIdentity> expired) {
        if (token == null || token.isEmpty()) {
            throw ApiError.unauthorized("no bearer token: log in with POST /api/v1/login and send "
                    + "\"Authorization: Bearer TOKEN\"");
        }
        String key = digest(token);
        Grant g = byDigest.get(key);
        if (g == null) {
            throw ApiError.unauthorized("the token is not valid (unknown, logged out, or from an engine that has"
                    + " restarted since): log in again");
        }
        if (!clock.instant().isBefore(g.expires())) {
            if (byDigest.remove(key, g)) {
                expired.accept(g.who());
            }
            throw ApiError.unauthorized("the token expired at " + g.expires() + ": log in again");
        }
        return g;
    }

    /** Forgets {@code token}; its grant, when there was one. */
    Optional<Grant> revoke(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(byDigest.remove(digest(token)));
    }

    /** Removes every expired grant and returns their logins (called on each login, so the table stays small). */
    List<ConsoleIdentity> sweep() {
        Instant now = clock.instant();
        List<ConsoleIdentity> gone = new ArrayList<>();
        byDigest.forEach((key, g) -> {
            if (!now.isBefore(g.expires()) && byDigest.remove(key, g)) {
                gone.add(g.who());
            }
        });
        return gone;
    }

    /** Every live grant's login, for closing them all when the API stops. */
    List<ConsoleIdentity> drain() {
        List<ConsoleIdentity> all = new ArrayList<>();
        byDigest.forEach((key, g) -> {
            if (byDigest.remove(key, g)) {
                all.add(g.who());
            }
        });
        return all;
    }

    int size() {
        return byDigest.size();
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
