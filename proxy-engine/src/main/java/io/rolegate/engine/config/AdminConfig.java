package io.rolegate.engine.config;

/**
 * {@code admin:} the engine's HTTP admin endpoint ({@code /metrics}, {@code /health}). Off unless the section is
 * present; when on, it listens on loopback unless {@code host} says otherwise.
 */
public record AdminConfig(boolean enabled, String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9632;

    public static AdminConfig disabled() {
        return new AdminConfig(false, DEFAULT_HOST, DEFAULT_PORT);
    }

    /** On, at the given port of the loopback interface (0: any free port). */
    public static AdminConfig loopback(int port) {
        return new AdminConfig(true, DEFAULT_HOST, port);
    }
}
