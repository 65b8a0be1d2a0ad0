package io.rolegate.console.sessions;

import java.util.Optional;

/**
 * The reason typed for a disconnect goes to the client inside a PostgreSQL ErrorResponse and into its log: it must
 * say something, fit on one line, and stay short.
 */
public final class DisconnectReasons {
    public static final int MAX_LENGTH = 200;

    private DisconnectReasons() {
    }

    /** An explanation of what is wrong with {@code reason}, or empty when it may be sent. */
    public static Optional<String> problem(String reason) {
        String r = reason == null ? "" : reason.strip();
        if (r.isEmpty()) {
            return Optional.of("Say why: the client sees this reason in its error message.");
        }
        if (r.length() > MAX_LENGTH) {
            return Optional.of("Keep the reason under " + MAX_LENGTH + " characters (it has " + r.length() + ").");
        }
        if (r.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("The reason must be a single line of text.");
        }
        return Optional.empty();
    }
}
