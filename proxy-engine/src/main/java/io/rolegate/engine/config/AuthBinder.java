package io.rolegate.engine.config;

/** {@code auth:} who checks the client's password. */
final class AuthBinder implements SectionBinder<AuthConfig> {

    @Override
    public String key() {
        return "auth";
    }

    @Override
    public AuthConfig bind(SectionReader s) {
        return new AuthConfig(s.choice("mode", AuthMode.class, AuthConfig.defaults().mode()));
    }
}
