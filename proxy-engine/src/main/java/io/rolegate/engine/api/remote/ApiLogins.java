package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Login, logout and the token check of the remote API. A login is the console's own ({@code consoleLogin}: the
 * directory bind, {@code console.adminGroup}/{@code readOnlyGroup}, the audit record), counted by the proxy's login
 * throttle for the caller's address; the engine's console login behind a token ends when the token does (logout,
 * expiry, the API stopping), so the facade refuses anything still in its name.
 */
final class ApiLogins {
    private static final Logger log = LoggerFactory.getLogger(ApiLogins.class);

    private final Engine engine;
    private final ApiTokens tokens;

    ApiLogins(Engine engine, ApiTokens tokens) {
        this.engine = engine;
        this.tokens = tokens;
    }

    Object login(Call c) {
        Bodies.Login body = c.body(Bodies.Login.class);
        char[] password = body.password();
        try {
            if (body.username() == null || body.username().isBlank()) {
                throw ApiError.badField("username", "username is required: your directory login name");
            }
            if (password == null || password.length == 0) {
                throw ApiError.badField("password", "password is required");
            }
            tokens.sweep().forEach(this::forget);
            ConsoleIdentity who;
            try {
                who = engine.directory().consoleLogin(body.username(), password, c.source());
            } catch (io.rolegate.engine.api.model.LoginThrottled throttled) {
                throw new ApiError(429, throttled.getMessage(), null, throttled.retryAfterSeconds());
            } catch (EngineException refused) {
                throw ApiError.unauthorized(refused.getMessage());
            }
            ApiTokens.Issued issued = tokens.issue(who);
            log.info("admin API login: {} ({}) from {}", who.username(),
                    who.mayAdminister() ? "administrator" : "read-only", c.source().getHostAddress());
            return new Bodies.LoggedIn(issued.token(), issued.grant().expires(), who.username(), who.displayName(),
                    who.mayAdminister(), who.reason(), who.mayAudit());
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    Object logout(Call c) {
        c.body(ApiRoutes.EmptyBody.class);
        tokens.revoke(c.token()).ifPresent(g -> forget(g.who()));
        return new Bodies.LoggedOut(true);
    }

    Object me(Call c) {
        ApiTokens.Grant g = tokens.check(c.token(), this::forget);
        ConsoleIdentity who = g.who();
        return new Bodies.Me(who.username(), who.displayName(), who.mayAdminister(), who.reason(), g.expires(),
                who.mayAudit());
    }

    /** The login behind a valid {@code token}, else a 401. */
    ConsoleIdentity check(String token) {
        return tokens.check(token, this::forget).who();
    }

    /** Ends the engine's console login behind a token that ended (audited as a console logout). */
    void forget(ConsoleIdentity who) {
        try {
            engine.logout(who);
        } catch (RuntimeException e) {
            log.warn("admin API: could not end the console login of {}: {}", who.username(), e.getMessage());
        }
    }

    /** Ends every login (the API stops). */
    void closeAll() {
        tokens.drain().forEach(this::forget);
    }
}
