package io.rolegate.engine.cli;

/** A command could not do its work (store unreadable, data directory held, a check failed): exit code 1. */
final class CommandFailure extends Exception {
    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
