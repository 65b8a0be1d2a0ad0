package io.rolegate.engine.config;

public record AuthConfig(AuthMode mode) {
    public static AuthConfig defaults() {
        return new AuthConfig(AuthMode.PASSTHROUGH);
    }
}
