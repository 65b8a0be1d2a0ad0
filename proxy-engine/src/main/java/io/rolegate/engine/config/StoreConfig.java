package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Secret;

/**
 * {@code store:} where the engine keeps its audit chain, session history and configuration versions. Absent: the
 * embedded H2 file in the data directory. With {@code url}: a PostgreSQL database (one store per engine; see
 * src-docs operations.md, "A store in PostgreSQL").
 *
 * @param url      a {@code jdbc:postgresql:} URL, or null for the embedded store
 * @param user     the role the engine connects as (may be null when the URL names it)
 * @param password that role's password; never logged, exported as a {@code ${...}} reference
 * @param poolSize how many store connections the engine's short operations may hold at once ({@code store.poolSize},
 *                 default {@link #DEFAULT_POOL_SIZE}); those held for a component's life come on top
 */
public record StoreConfig(String url, String user, Secret password, int poolSize) {
    /** Connections of the short operations' pool per engine, unless {@code store.poolSize} says otherwise. */
    public static final int DEFAULT_POOL_SIZE = 8;
    /** The most {@code store.poolSize} accepts: each is a backend on the store's server, per node. */
    public static final int MAX_POOL_SIZE = 100;

    public StoreConfig {
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("store.poolSize must be between 1 and " + MAX_POOL_SIZE + ", got "
                    + poolSize);
        }
    }

    /** A store with the default pool size. */
    public StoreConfig(String url, String user, Secret password) {
        this(url, user, password, DEFAULT_POOL_SIZE);
    }

    public static StoreConfig embedded() {
        return new StoreConfig(null, null, Secret.empty());
    }

    public StoreConfig withPoolSize(int size) {
        return new StoreConfig(url, user, password, size);
    }

    public boolean isEmbedded() {
        return url == null;
    }
}
