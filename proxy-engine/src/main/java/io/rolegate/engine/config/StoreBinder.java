package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Secret;

/** {@code store: {url, user, password, poolSize}}: an external store; only PostgreSQL is accepted (see {@link StoreConfig}). */
final class StoreBinder implements SectionBinder<StoreConfig> {
    static final String URL_PREFIX = "jdbc:postgresql:";

    @Override
    public String key() {
        return "store";
    }

    @Override
    public StoreConfig bind(SectionReader s) {
        String url = s.string("url", null);
        String user = s.string("user", null);
        Secret password = s.has("password") ? SecretValues.read(s, "password") : Secret.empty();
        int poolSize = s.integer("poolSize", StoreConfig.DEFAULT_POOL_SIZE, 1, StoreConfig.MAX_POOL_SIZE);
        if (!s.has("url")) {
            s.problem("url", "store needs a url, e.g. jdbc:postgresql://db.example.com:5432/rolegate; leave the"
                    + " section out to keep the store in the data directory");
            return StoreConfig.embedded();
        }
        if (url == null) {
            return StoreConfig.embedded();
        }
        if (!url.startsWith(URL_PREFIX)) {
            // H2 is the embedded default already; other databases are untested with the migrations, and only
            // PostgreSQL has the advisory lock that keeps a second engine off the audit chain
            s.reject("url", "store.url must be a PostgreSQL JDBC URL (" + URL_PREFIX + "//host:port/database);"
                    + " leave the store section out for the embedded store in the data directory");
            return StoreConfig.embedded();
        }
        if (url.matches("(?i).*[?&]password=.*")) {
            s.reject("url", "put the store's password in store.password (${ENV_VARIABLE} or {file: /path}), not"
                    + " in the URL, so it stays out of exports and messages");
            return StoreConfig.embedded();
        }
        return new StoreConfig(url, user, password == null ? Secret.empty() : password, poolSize);
    }
}
