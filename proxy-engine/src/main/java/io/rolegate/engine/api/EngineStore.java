package io.rolegate.engine.api;

import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.store.Store;

import java.nio.file.Path;

/** Opens the store the configuration names: the embedded H2 file in the data directory, or a PostgreSQL store. */
final class EngineStore {
    private EngineStore() {
    }

    static Store open(StoreConfig store, Path dataDir) {
        if (store.isEmbedded()) {
            return Store.openDataDirectory(dataDir);
        }
        // pgjdbc takes the password as a String; it lives only for the call and is never logged
        return Store.openJdbc(store.url(), store.user(), new String(store.password().chars()));
    }
}
