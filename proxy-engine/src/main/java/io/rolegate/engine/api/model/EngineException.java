package io.rolegate.engine.api.model;

/** A failure the engine reports to its operator in plain words (bind failed, certificate unreadable, ...). */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
