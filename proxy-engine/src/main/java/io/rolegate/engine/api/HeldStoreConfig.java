package io.rolegate.engine.api;

import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.config.ConfigVersions;

import java.sql.DriverManager;
import java.util.Optional;
import java.util.Properties;

/**
 * The configuration versions of a PostgreSQL store that a running engine holds, for the command line: it adds a
 * version (the insert notifies the engines on the store, which take it within seconds) and reads the history —
 * nothing else. It writes no audit record: the store's audit chain has one writer, the engine, which records
 * {@code CONFIG_APPLIED} or {@code CONFIG_REFUSED} naming the version's author and comment when it takes it.
 */
public final class HeldStoreConfig {
    private final ConfigVersions versions;

    private HeldStoreConfig(ConfigVersions versions) {
        this.versions = versions;
    }

    /** The versions of the PostgreSQL store {@code configuration} names; empty for the embedded store. */
    public static Optional<HeldStoreConfig> of(Configuration configuration) {
        StoreConfig s = configuration.config().store();
        if (s.isEmbedded()) {
            return Optional.empty();
        }
        Properties p = new Properties();
        if (s.user() != null) {
            p.setProperty("user", s.user());
        }
        if (!s.password().isEmpty()) {
            // pgjdbc takes the password as a String; it lives only for the connection and is never logged
            p.setProperty("password", new String(s.password().chars()));
        }
        p.setProperty("ApplicationName", "rolegate config");
        return Optional.of(new HeldStoreConfig(new ConfigVersions(() -> DriverManager.getConnection(s.url(), p))));
    }

    public Optional<ConfigVersion> latest() {
        return wrap(versions::latest);
    }

    public Optional<ConfigVersion> get(int version) {
        return wrap(() -> versions.get(version));
    }

    /** Adds {@code yaml} (validated and normalised by the caller) as the next version. */
    public ConfigVersion save(String yaml, String author, String comment) {
        return wrap(() -> versions.save(yaml, author, comment));
    }

    /** Adds the content of {@code version} as the next version. */
    public ConfigVersion rollback(int version, String author, String comment) {
        return wrap(() -> versions.rollback(version, author, comment));
    }

    private static <T> T wrap(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            throw new EngineException(e.getMessage(), e);
        }
    }
}
