package io.rolegate.engine.api;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.AuthMode;
import io.rolegate.engine.config.ConfigLoader;
import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.SecretFields;
import io.rolegate.engine.config.UpstreamConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A validated configuration as the console and the CLI hold it: loaded from YAML (every problem reported at once
 * in a {@link io.rolegate.engine.api.model.ConfigException}), shown as YAML, and handed to an {@link Engine}. What
 * is inside stays the engine's business; the few facts a client shows or changes have methods of their own.
 */
public final class Configuration {
    /** Environment variable names the YAML written by {@link #toYaml()} uses for the secrets it never writes. */
    public static final String DIRECTORY_PASSWORD_VARIABLE = ConfigWriter.LDAP_PASSWORD_VARIABLE;
    public static final String UPSTREAM_ADMIN_PASSWORD_VARIABLE = ConfigWriter.ADMIN_PASSWORD_VARIABLE;
    /** Setting paths of the secrets a configuration can hold. */
    public static final String DIRECTORY_BIND_PASSWORD = SecretFields.DIRECTORY_BIND_PASSWORD;
    public static final String UPSTREAM_ADMIN_PASSWORD = SecretFields.UPSTREAM_ADMIN_PASSWORD;

    private final RolegateConfig config;
    private final Map<String, Secret> literalSecrets;

    private Configuration(RolegateConfig config, Map<String, Secret> literalSecrets) {
        this.config = Objects.requireNonNull(config, "config");
        this.literalSecrets = Map.copyOf(literalSecrets);
    }

    static Configuration of(RolegateConfig config) {
        return new Configuration(config, Map.of());
    }

    /** Every key at its default: a passthrough proxy on 127.0.0.1:6432 in front of localhost:5432. */
    public static Configuration defaults() {
        return of(RolegateConfig.defaults());
    }

    /** Reads and validates {@code file}, resolving {@code ${NAME}} from {@code environment}. */
    public static Configuration load(Path file, Function<String, String> environment) {
        ConfigLoader.Loaded loaded = new ConfigLoader(environment).loadNotingLiterals(file);
        return new Configuration(loaded.config(), loaded.literalSecrets());
    }

    /** The configuration the engine runs with. */
    RolegateConfig config() {
        return config;
    }

    /** Secrets written in the file itself rather than as {@code ${NAME}}, by setting path: to seal them away. */
    public Map<String, Secret> literalSecrets() {
        return literalSecrets;
    }

    /**
     * The secret in force at {@code settingPath} ({@link #DIRECTORY_BIND_PASSWORD}, {@link #UPSTREAM_ADMIN_PASSWORD});
     * empty when there is none there. For checking which secret a start would use, never for showing it.
     */
    public Optional<Secret> secret(String settingPath) {
        return SecretFields.value(config, settingPath);
    }

    /** The YAML this configuration is stored and exported as (secrets as {@code ${NAME}}, never in clear). */
    public String toYaml() {
        return ConfigWriter.toYaml(config);
    }

    public String listenHost() {
        return config.listen().host();
    }

    public int listenPort() {
        return config.listen().port();
    }

    public Configuration withListenPort(int port) {
        var l = config.listen();
        return new Configuration(config.withListen(l.withPort(port)), literalSecrets);
    }

    public String upstreamHost() {
        return config.upstream().host();
    }

    public int upstreamPort() {
        return config.upstream().port();
    }

    /** This configuration in front of another PostgreSQL server. */
    public Configuration withUpstream(String host, int port) {
        return new Configuration(config.withUpstream(config.upstream().withAddress(host, port)), literalSecrets);
    }

    public static String defaultUpstreamHost() {
        return UpstreamConfig.defaults().host();
    }

    public static int defaultUpstreamPort() {
        return UpstreamConfig.defaults().port();
    }

    /** The upstream hop's TLS mode as the configuration writes it: disable, prefer, require, verify-full. */
    public String upstreamTls() {
        return config.upstream().tls().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** How clients authenticate, as the configuration writes it: passthrough or directory. */
    public String authMode() {
        return config.auth().mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether clients log in with their directory password (else: passthrough to PostgreSQL's own roles). */
    public boolean usesDirectory() {
        return config.auth().mode() == AuthMode.DIRECTORY;
    }

    /** Whether a directory is configured (its URLs and base DNs), whatever the authentication mode. */
    public boolean hasDirectory() {
        return config.directory() != null;
    }

    /** How long a stop lets sessions finish before ending them. */
    public Duration shutdownGrace() {
        return config.limits().shutdownGrace();
    }

    /** {@code limits.drainDelay}: on SIGTERM, how long /health says "draining" before the listener closes. */
    public Duration drainDelay() {
        return config.limits().drainDelay();
    }

    /** The shared PostgreSQL store's JDBC URL, when the store is not the embedded one in the data directory. */
    public Optional<String> sharedStoreUrl() {
        return config.store().isEmbedded() ? Optional.empty() : Optional.of(config.store().url());
    }

    /**
     * What an engine started with this configuration on {@code dataDir} would do with it (decision 0032): run it,
     * saved as the newest version, because it changed since that data directory last started with it; or run the
     * store's latest version because it did not. One or two sentences for {@code config check}.
     */
    public String atNextStart(Path dataDir) {
        return ConfigAtStart.preview(config, dataDir);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Configuration other && other.config.equals(config);
    }

    @Override
    public int hashCode() {
        return config.hashCode();
    }

    @Override
    public String toString() {
        return "Configuration[" + config.listen().host() + ":" + config.listen().port() + " -> "
                + config.upstream().host() + ":" + config.upstream().port() + "]";
    }
}
