package io.rolegate.engine.config;

import io.rolegate.engine.directory.DirectorySettings;

/**
 * The whole validated configuration of one engine. Built by {@link ConfigLoader} from YAML (or, later, from the
 * store); immutable, so a running engine can hand it to any thread.
 *
 * @param directory the directory to authenticate against; null when none is configured (passthrough only)
 * @param access    mappings from directory groups to roles, and the policies applied before and after them
 * @param admin     the HTTP admin endpoint (metrics, health); disabled unless configured
 * @param store     where audit, history and configuration versions live; the data directory unless configured
 * @param console   which directory groups may administer or look from the console; none unless configured
 * @param exports   receivers (syslog, webhook, OTLP) that get every audit event at least once; none by default
 */
public record RolegateConfig(ListenConfig listen, UpstreamConfig upstream, AuthConfig auth, LimitsConfig limits,
                             DirectorySettings directory, AccessConfig access, AdminConfig admin,
                             StoreConfig store, ConsoleConfig console, java.util.List<ExportConfig> exports) {

    public RolegateConfig {
        exports = exports == null ? java.util.List.of() : java.util.List.copyOf(exports);
    }

    /** Without exporters. */
    public RolegateConfig(ListenConfig listen, UpstreamConfig upstream, AuthConfig auth, LimitsConfig limits,
                          DirectorySettings directory, AccessConfig access, AdminConfig admin, StoreConfig store,
                          ConsoleConfig console) {
        this(listen, upstream, auth, limits, directory, access, admin, store, console, java.util.List.of());
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
        return new RolegateConfig(l, upstream, auth, limits, directory, access, admin, store, console, exports);
    }

    public RolegateConfig withUpstream(UpstreamConfig u) {
        return new RolegateConfig(listen, u, auth, limits, directory, access, admin, store, console, exports);
    }

    public RolegateConfig withAuth(AuthConfig a) {
        return new RolegateConfig(listen, upstream, a, limits, directory, access, admin, store, console, exports);
    }

    public RolegateConfig withLimits(LimitsConfig l) {
        return new RolegateConfig(listen, upstream, auth, l, directory, access, admin, store, console, exports);
    }

    public RolegateConfig withDirectory(DirectorySettings d) {
        return new RolegateConfig(listen, upstream, auth, limits, d, access, admin, store, console, exports);
    }

    public RolegateConfig withAdmin(AdminConfig a) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, access, a, store, console, exports);
    }

    public RolegateConfig withAccess(AccessConfig a) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, a, admin, store, console, exports);
    }

    public RolegateConfig withStore(StoreConfig s) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, access, admin, s, console, exports);
    }

    public RolegateConfig withConsole(ConsoleConfig c) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, access, admin, store, c, exports);
    }

    public RolegateConfig withExports(java.util.List<ExportConfig> e) {
        return new RolegateConfig(listen, upstream, auth, limits, directory, access, admin, store, console, e);
    }
}
