package io.rolegate.engine.directory.watch;

/** The server cannot serve this watch mechanism (control not advertised or refused); the watcher should fall back. */
final class UnsupportedWatchException extends Exception {
    UnsupportedWatchException(String reason) {
        super(reason);
    }
}
