package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import io.rolegate.engine.directory.DirectorySettings;

import java.util.Objects;

/** Builds the watcher {@code directory.watch} asks for. */
public final class DirectoryWatchers {
    private DirectoryWatchers() {
    }

    /**
     * A watcher for {@code directory}, not yet started. The listener is called on the watcher's own thread.
     *
     * @throws IllegalArgumentException when the TLS material in {@code directory} cannot be loaded
     */
    public static DirectoryWatcher create(DirectorySettings directory, WatchSettings watch, ChangeListener listener) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(listener, "listener");
        if (watch.mode() == WatchMode.OFF) {
            return new OffWatcher();
        }
        WatchConnector connector = new WatchConnector(directory);
        return new SelectingWatcher(watch, connector, directory.flavour(),
                (mode, selector) -> build(mode, watch, connector, listener, selector));
    }

    private static ReconnectingWatcher build(WatchMode mode, WatchSettings watch, WatchConnector connector,
                                             ChangeListener listener, SelectingWatcher selector) {
        return switch (mode) {
            case SYNCREPL -> new SyncReplWatcher(watch, connector, listener, selector::fallBack);
            case PSEARCH -> new PersistentSearchWatcher(watch, connector, listener, selector::fallBack);
            case AD_NOTIFY -> new AdNotifyWatcher(watch, connector, listener, selector::fallBack);
            case DIRSYNC -> new DirSyncWatcher(watch, connector, listener, selector::fallBack);
            case POLL -> new PollWatcher(watch, connector, listener);
            case AUTO, OFF -> throw new IllegalArgumentException("no watcher for mode " + mode);
        };
    }

    /** {@code watch: off}: nothing runs; health says so. */
    private static final class OffWatcher implements DirectoryWatcher {
        @Override
        public void start() {
            // Deliberately nothing: with watching off, changes are seen at the next login or reconciliation.
        }

        @Override
        public void stop() {
            // Nothing was started.
        }

        @Override
        public WatchHealth health() {
            return new WatchHealth(WatchMode.OFF, false, null, null, null, null);
        }

        @Override
        public boolean retune(java.time.Duration pollInterval) {
            return true; // nothing polls
        }
    }
}
