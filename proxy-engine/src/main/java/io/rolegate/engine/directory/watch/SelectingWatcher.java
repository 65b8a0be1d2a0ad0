package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import io.rolegate.engine.directory.DirectoryFlavour;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BiFunction;

/**
 * The watcher handed out by {@link DirectoryWatchers}: runs the configured mechanism, or for {@code auto} first
 * reads the root DSE (retrying with backoff while the directory is away) and picks one. When the chosen mechanism
 * cannot run on this server it switches to polling and says why, in the log and in {@link #health()}.
 */
final class SelectingWatcher implements DirectoryWatcher {
    private static final Logger log = LoggerFactory.getLogger(SelectingWatcher.class);

    private final WatchMode configured;
    private final WatchSettings settings;
    private final BiFunction<WatchMode, SelectingWatcher, ReconnectingWatcher> create;
    private final AutoProbe probe;
    private ReconnectingWatcher delegate;
    private volatile String fallbackReason;
    private boolean started;
    private boolean stopped;

    /** @param create builds the watcher for a mode; push watchers get {@link #fallBack(String)} as their hook */
    SelectingWatcher(WatchSettings settings, WatchConnector connector, DirectoryFlavour flavour,
                     BiFunction<WatchMode, SelectingWatcher, ReconnectingWatcher> create) {
        this.configured = settings.mode();
        this.settings = settings;
        this.create = create;
        this.probe = configured == WatchMode.AUTO ? new AutoProbe(settings, connector, flavour) : null;
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        if (probe != null) {
            probe.start();
        } else {
            launch(configured);
        }
    }

    @Override
    public void stop() {
        ReconnectingWatcher running;
        synchronized (this) {
            stopped = true;
            running = delegate;
        }
        if (probe != null) {
            probe.stop();
        }
        if (running != null) {
            running.stop();
        }
    }

    @Override
    public WatchHealth health() {
        ReconnectingWatcher running;
        synchronized (this) {
            running = delegate;
        }
        if (running == null) {
            return probe != null ? probe.health() : new WatchHealth(configured, false, null, null, null, null);
        }
        return running.health().withFallback(configured, fallbackReason);
    }

    /** Retunes the mechanism running now; false while {@code auto} is still probing (then nothing runs yet). */
    @Override
    public boolean retune(java.time.Duration pollInterval) {
        ReconnectingWatcher running;
        synchronized (this) {
            running = delegate;
        }
        return running != null && running.retune(pollInterval);
    }

    /**
     * The "cannot run" hook of push watchers; called on the failing watcher's thread, which ends right after.
     * DirSync makes way for change notification (same server, no special right); anything else for polling.
     */
    void fallBack(String reason) {
        WatchMode failed;
        synchronized (this) {
            failed = delegate == null ? configured : delegate.health().mode();
        }
        WatchMode next = failed == WatchMode.DIRSYNC ? WatchMode.AD_NOTIFY : WatchMode.POLL;
        log.warn("directory watcher cannot run {}: {}; falling back to {}", failed.configName(), reason,
                next == WatchMode.POLL ? "polling every " + settings.pollInterval().toMillis() + " ms"
                        : next.configName());
        fallbackReason = fallbackReason == null ? reason : fallbackReason + "; then " + reason;
        launch(next);
    }

    private synchronized void launch(WatchMode mode) {
        if (stopped) {
            return;
        }
        delegate = create.apply(mode, this);
        delegate.start();
    }

    /** For {@code auto}: reads the root DSE once (reconnecting with backoff until it can), launches, ends. */
    private final class AutoProbe extends ReconnectingWatcher {
        private final DirectoryFlavour flavour;

        AutoProbe(WatchSettings settings, WatchConnector connector, DirectoryFlavour flavour) {
            super(WatchMode.AUTO, settings, connector, change -> { }, null);
            this.flavour = flavour;
        }

        @Override
        protected void watch(LDAPConnection connection, boolean resumed) throws LDAPException {
            WatchMode chosen = WatchProbe.choose(connection.getRootDSE(), flavour);
            if (chosen == WatchMode.POLL) {
                fallbackReason = "the server advertises no syncrepl, persistent search or AD notification control";
            }
            log.info("directory watch auto: the server at {} gets {}", connection.getHostPort(),
                    chosen.configName());
            launch(chosen);
            stop();
        }
    }
}
