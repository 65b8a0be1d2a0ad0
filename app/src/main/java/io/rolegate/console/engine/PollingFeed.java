package io.rolegate.console.engine;

import io.rolegate.console.common.TaskExecutor;
import io.rolegate.engine.api.ConsoleEngine;
import io.rolegate.engine.api.model.LoginExpired;
import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.api.model.ThroughputSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The {@link EngineTick}s of an engine the console is attached to: its sessions and throughput samples asked for
 * once a second on a thread of this feed's own (never the JavaFX thread), each answer handed to the UI thread. A poll starts a second after
 * the previous one ended, so a slow engine or network never stacks requests. Polling rather than a stream: the API
 * has no push route yet, a session list is small, and one request a second per console is nothing to the engine.
 * A {@link LoginExpired} stops the feed and is reported once; other failures are reported and polling goes on.
 */
public final class PollingFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PollingFeed.class);

    private final ConsoleEngine engine;
    private final TaskExecutor executor;
    private final BooleanSupplier looking;
    private final Consumer<String> expired;
    private final Consumer<String> problem;
    private final List<Consumer<EngineTick>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rolegate-attached-poll");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    /** The newest throughput sample's second handed on (console-views); null before the first poll. */
    private Instant lastSample;

    /**
     * @param looking whether anybody looks now (nobody behind the login form: no polls)
     * @param expired told (on the UI thread) the engine's words when the login is gone
     * @param problem told (on the UI thread) why a poll failed, or null when one succeeds again
     */
    public PollingFeed(ConsoleEngine engine, TaskExecutor executor, BooleanSupplier looking, Consumer<String> expired,
                       Consumer<String> problem) {
        this.engine = engine;
        this.executor = executor;
        this.looking = looking;
        this.expired = expired;
        this.problem = problem;
    }

    public void subscribe(Consumer<EngineTick> listener) {
        listeners.add(listener);
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::poll, 0, 1, TimeUnit.SECONDS);
    }

    private void poll() {
        if (closed || !looking.getAsBoolean()) {
            return;
        }
        try {
            List<SessionSnapshot> sessions = engine.sessions();
            List<ThroughputSample> samples = engine.throughputAfter(lastSample); // the first: all it keeps
            if (!samples.isEmpty()) {
                lastSample = samples.get(samples.size() - 1).second();
            }
            // the API's session list says nothing of the node's open connections (nor is it one node's)
            EngineTick tick = new EngineTick(Instant.now(), samples, sessions, EngineTick.UNKNOWN);
            executor.runOnUi(() -> {
                if (!closed) {
                    problem.accept(null);
                    listeners.forEach(l -> l.accept(tick));
                }
            });
        } catch (LoginExpired e) {
            closed = true;
            timer.shutdown();
            executor.runOnUi(() -> expired.accept(e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("could not read the attached engine's sessions: {}", e.getMessage());
            executor.runOnUi(() -> {
                if (!closed) {
                    problem.accept(e.getMessage());
                }
            });
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
