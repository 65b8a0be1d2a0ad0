package io.rolegate.engine.api;

import io.rolegate.engine.api.model.ConfigVersion;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells whoever listens about each configuration version this engine saves, whatever saved it: the settings form,
 * a rollback, a YAML import, a mapping change. A listener runs on the saving thread, after the version is durable;
 * one that throws is logged and does not undo the save or keep the others from hearing of it.
 */
final class ConfigVersionFeed {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConfigVersionFeed.class);
    private final List<Consumer<ConfigVersion>> listeners = new CopyOnWriteArrayList<>();

    EngineSettings.Subscription subscribe(Consumer<ConfigVersion> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    ConfigVersion saved(ConfigVersion version) {
        for (Consumer<ConfigVersion> l : listeners) {
            try {
                l.accept(version);
            } catch (RuntimeException e) {
                log.warn("a listener failed on configuration version {}: {}", version.version(), e.toString(), e);
            }
        }
        return version;
    }
}
