package io.rolegate.engine.api.model;

/**
 * The engine no longer knows the console's login: its token expired, was logged out, or the engine restarted since.
 * The console answers with its login form; nothing was done.
 */
public final class LoginExpired extends EngineException {
    public LoginExpired(String message) {
        super(message);
    }
}
