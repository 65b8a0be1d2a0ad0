package io.rolegate.engine.config;

import io.rolegate.engine.directory.DirectorySettings;

import java.util.List;

/**
 * The whole validated configuration of one engine. Built by {@link ConfigLoader} from YAML (or, later, from the
 * store); immutable, so a running engine can hand it to any thread.
 *
 * @param directory the directory to authenticate against; null when none is configured (passthrough only)
 * @param access    mappings from directory groups to roles, and the policies applied before and after them
 * @param admin     the HTTP admin endpoint (metrics, health); disabled unless configured
 * @param store     where audit, history and configuration versions live; the data directory unless configured
 * @param console   which directory groups may administer or look from the console; none unless configured
 * @param fleet     this engine's node name on a shared store; the host name unless configured
 * @param api       the remote admin API over HTTPS; disabled unless configured
 * @param exports   receivers (syslog, webhook, OTLP) that get every audit event at least once; none by default
 */
public record RolegateConfig(ListenConfig listen, UpstreamConfig upstream, AuthConfig auth, LimitsConfig limits,
                             DirectorySettings directory, AccessConfig access, AdminConfig admin,
                             StoreConfig store, ConsoleConfig console, FleetConfig fleet, ApiConfig api,
                             List<ExportConfig> exports) {

    public RolegateConfig {
        exports = exports == null ? List.of() : List.copyOf(exports);
    }

    /** Without exporters. */
    public RolegateConfig(ListenConfig listen, UpstreamConfig upstream, AuthConfig auth, LimitsConfig limits,
                          DirectorySettings directory, AccessConfig access, AdminConfig admin, StoreConfig store,
                          ConsoleConfig console, FleetConfig fleet, ApiConfig api) {
        this(listen, upstream, auth, limits, directory, access, admin, store, console, fleet, api, List.of());
    }

    /** Without a {@code fleet:} section (the node is named after the host), the remote admin API or exporters. */
    public RolegateConfig(ListenConfig listen, UpstreamConfig upstream, AuthConfig auth, LimitsConfig limits,
                          DirectorySettings directory, AccessConfig access, AdminConfig admin, StoreConfig store,
                          ConsoleConfig console) {
        this(listen, upstream, auth, limits, directory, access, admin, store, console, FleetConfig.defaults(),
                ApiConfig.disabled());
    }

    /** Without the remote admin API. */
    public RolegateConfig(ListenConfig listen, UpstreamConfig upstream, AuthConfig auth, LimitsConfig limits,
                          DirectorySettings directory, AccessConfig access, AdminConfig admin, StoreConfig store,
                          ConsoleConfig console, FleetConfig fleet) {
        this(listen, upstream, auth, limits, directory, access, admin, store, console, fleet, ApiConfig.disabled());
    }

    /** Without a {@code fleet:} section: the node is named after the host. */
    public RolegateConfig(ListenConfig listen, UpstreamConfig upstream, AuthConfig auth, LimitsConfig limits,
                          DirectorySettings directory, AccessConfig access, AdminConfig admin, StoreConfig store,
                          ConsoleConfig console, ApiConfig api) {
        this(listen, upstream, auth, limits, directory, access, admin, store, console, FleetConfig.defaults(), api);
    }

    /** Without a {@code fleet:} section or the remote admin API, with exporters. */
    public RolegateConfig(ListenConfig listen, UpstreamConfig upstream, AuthConfig auth, LimitsConfig limits,
                          DirectorySettings directory, AccessConfig access, AdminConfig admin, StoreConfig store,
                          ConsoleConfig console, List<ExportConfig> exports) {
        this(listen, upstream, auth, limits, directory, access, admin, store, console, FleetConfig.defaults(),
                ApiConfig.disabled(), exports);
    }

    /** Passthrough only: no directory, no mappings, no admin endpoint, the embedded store, no console groups. */
    public RolegateConfig(ListenConfig listen, UpstreamConfig upstream, AuthConfig auth, LimitsConfig limits) {
        this(listen, upstream, auth, limits, null, AccessConfig.none(), AdminConfig.disabled(),
                StoreConfig.embedded(), ConsoleConfig.none());
    }

    /** A configuration with every default: listen on 127.0.0.1:6432, upstream localhost:5432, passthrough. */
    public static RolegateConfig defaults() {
        return new RolegateConfig(ListenConfig.defaults(), UpstreamConfig.defaults(), AuthConfig.defaults(),
                LimitsConfig.defaults());
    }

    public RolegateConfig withListen(ListenConfig l) {
        return new RolegateConfig(l, upstream, auth, limits, directory, access, admin, store, console, fleet, api,
                exports);
    }

    public RolegateConfig withUpstream(UpstreamConfig u) {
        return new RolegateConfig(listen, u, auth, limits, directory, access, admin, store, console, fleet, api,
                exports);
    }

    public RolegateConfig withAuth(AuthConfig a) {
        return new RolegateConfig(listen, upstream, a, limits, directory, access, admin, store, console, fleet, api,
                exports);
    }

    public RolegateConfig withLimits(LimitsConfig l) {
        return new RolegateConfig(listen, upstream, auth, l, directory, access, admin, store, console, fleet, api,
                exports);
    }

    public RolegateConfig withDirectory(DirectorySettings d) {
        return new RolegateConfig(listen, upstream, auth, limits, d, access, admin, store, console, fleet, api,
                exports);
    }

    public RolegateConfig withAdmin(AdminConfig a) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, access, a, store, console, fleet, api,
                exports);
    }

    public RolegateConfig withAccess(AccessConfig a) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, a, admin, store, console, fleet, api,
                exports);
    }

    public RolegateConfig withStore(StoreConfig s) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, access, admin, s, console, fleet, api,
                exports);
    }

    public RolegateConfig withConsole(ConsoleConfig c) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, access, admin, store, c, fleet, api,
                exports);
    }

    public RolegateConfig withFleet(FleetConfig f) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, access, admin, store, console, f, api,
                exports);
    }

    public RolegateConfig withApi(ApiConfig a) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, access, admin, store, console, fleet, a,
                exports);
    }

    public RolegateConfig withExports(List<ExportConfig> e) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, access, admin, store, console, fleet,
                api, e);
    }
}
