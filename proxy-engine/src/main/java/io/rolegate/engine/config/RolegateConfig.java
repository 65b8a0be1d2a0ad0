package io.rolegate.engine.config;

/**
 * The whole validated configuration of one engine. Built by {@link ConfigLoader} from YAML (or, later, from the
 * store); immutable, so a running engine can hand it to any thread.
 */
public record RolegateConfig(ListenConfig listen, UpstreamConfig upstream, AuthConfig auth, LimitsConfig limits) {

    /** A configuration with every default: listen on 127.0.0.1:6432, upstream localhost:5432, passthrough. */
    public static RolegateConfig defaults() {
        return new RolegateConfig(ListenConfig.defaults(), UpstreamConfig.defaults(), AuthConfig.defaults(),
                LimitsConfig.defaults());
    }

    public RolegateConfig withListen(ListenConfig l) { return new RolegateConfig(l, upstream, auth, limits); }
    public RolegateConfig withUpstream(UpstreamConfig u) { return new RolegateConfig(listen, u, auth, limits); }
    public RolegateConfig withAuth(AuthConfig a) { return new RolegateConfig(listen, upstream, a, limits); }
    public RolegateConfig withLimits(LimitsConfig l) { return new RolegateConfig(listen, upstream, auth, l); }
}
