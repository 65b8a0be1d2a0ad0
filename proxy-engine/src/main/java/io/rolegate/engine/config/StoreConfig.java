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
 */
public record StoreConfig(String url, String user, Secret password) {

    public static StoreConfig embedded() {
        return new StoreConfig(null, null, Secret.empty());
    }

    public boolean isEmbedded() {
        return url == null;
    }
}
