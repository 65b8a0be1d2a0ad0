package io.rolegate.engine.store.common;

import io.rolegate.engine.api.model.EngineException;

/**
 * A store failure told in words an operator can act on: which file, what is wrong, what to do. The store never
 * "repairs" on its own, so these reach the person starting the engine.
 */
public class StoreException extends EngineException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
