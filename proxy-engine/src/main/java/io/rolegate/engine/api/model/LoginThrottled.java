package io.rolegate.engine.api.model;

/**
 * A console login refused by {@code limits.loginThrottle} before the directory was asked: too many failed
 * passwords for this name or from this address lately. Says when to try again, never whether the name exists.
 */
public final class LoginThrottled extends EngineException {
    private final long retryAfterSeconds;

    public LoginThrottled(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
