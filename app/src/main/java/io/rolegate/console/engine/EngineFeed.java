package io.rolegate.console.engine;

import io.rolegate.console.common.TaskExecutor;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.ThroughputSample;
import io.rolegate.engine.api.model.UpstreamActivity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Turns the engine's once-a-second throughput callback into {@link EngineTick}s on the UI thread. The session list
 * is copied on the engine's sampler thread, so the UI thread never walks the registry; ticks that pile up while the
 * UI thread is busy are merged into one, so a slow frame never queues a backlog of refreshes.
 */
public final class EngineFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineFeed.class);

    private final Engine engine;
    private final TaskExecutor executor;
    /** Who looks: the engine shows statement text as they may read it. */
    private final java.util.function.Supplier<ConsoleIdentity> viewer;
    private final List<Consumer<EngineTick>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private List<ThroughputSample> pending = new ArrayList<>();
    private List<SessionSnapshot> latestSessions = List.of();
    private UpstreamActivity latestActivity = UpstreamActivity.NONE;
    private int latestConnections;
    private boolean flushQueued;
    private AutoCloseable subscription;
    /** Set by close: a flush already queued on the UI thread then finds nobody to tell (the views may be gone). */
    private volatile boolean closed;

    public EngineFeed(Engine engine, TaskExecutor executor, java.util.function.Supplier<ConsoleIdentity> viewer) {
        this.engine = engine;
        this.executor = executor;
        this.viewer = viewer;
    }

    public void subscribe(Consumer<EngineTick> listener) {
        listeners.add(listener);
    }

    /** Starts listening; call once the engine runs. */
    public void start() {
        subscription = engine.onThroughput(this::sampled);
    }

    private void sampled(ThroughputSample sample) {
        try {
            List<SessionSnapshot> sessions = engine.sessions();
            int connections = engine.openConnections();
            // never blocks: the engine's monitor reads pg_stat_activity on its own thread, this takes its last word;
            // nobody looking (login form, lock screen), nothing asked, so the monitor rests
            ConsoleIdentity who = viewer.get();
            UpstreamActivity activity = who == null ? UpstreamActivity.NONE : engine.upstreamActivity(who);
            synchronized (lock) {
                latestActivity = activity;
                pending.add(sample);
                latestSessions = sessions;
                latestConnections = connections;
                if (flushQueued) {
                    return;
                }
                flushQueued = true;
            }
            executor.runOnUi(this::flush);
        } catch (RuntimeException e) {
            // the sampler thread belongs to the engine: never let a console problem kill it
            log.error("could not read the engine's sessions for the console", e);
        }
    }

    private void flush() {
        if (closed) {
            return;
        }
        EngineTick tick;
        synchronized (lock) {
            tick = new EngineTick(Instant.now(), pending, latestSessions, latestConnections, latestActivity);
            pending = new ArrayList<>();
            flushQueued = false;
        }
        for (Consumer<EngineTick> l : listeners) {
            l.accept(tick);
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
    }
}
