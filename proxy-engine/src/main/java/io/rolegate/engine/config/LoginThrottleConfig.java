package io.rolegate.engine.config;

import java.time.Duration;

/**
 * {@code limits.loginThrottle}: how many failed password checks a typed user name ({@code perUser}, lower-cased)
 * and a client address ({@code perSource}) may have within a sliding {@code window} before further logins are
 * refused with a retry-after, without asking the directory. Zero turns a limit off. {@code maxTracked} bounds the
 * table of names and addresses with recent failures (oldest dropped first).
 *
 * <p>Keep {@code perUser} below the directory's lockout threshold and {@code window} at least as long as its
 * observation window (Active Directory: lockoutThreshold and lockOutObservationWindow; OpenLDAP ppolicy:
 * pwdMaxFailure and pwdFailureCountInterval), so the proxy can never be the means of a lockout.
 */
public record LoginThrottleConfig(int perUser, int perSource, Duration window, int maxTracked) {
    public static final int DEFAULT_PER_USER = 4;
    public static final int DEFAULT_PER_SOURCE = 30;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_TRACKED = 50_000;

    public static LoginThrottleConfig defaults() {
        return new LoginThrottleConfig(DEFAULT_PER_USER, DEFAULT_PER_SOURCE, DEFAULT_WINDOW, DEFAULT_MAX_TRACKED);
    }

    public static LoginThrottleConfig off() {
        return new LoginThrottleConfig(0, 0, DEFAULT_WINDOW, DEFAULT_MAX_TRACKED);
    }
}
