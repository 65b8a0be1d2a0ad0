package io.rolegate.engine.telemetry;

import io.rolegate.engine.api.model.ThroughputSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Once a second, turns cumulative engine totals into per-second rates, keeps the last 15 minutes, and tells
 * subscribers. Runs on its own thread, off the event loops; it only reads counters.
 */
public final class ThroughputSampler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ThroughputSampler.class);
    public static final int HISTORY_SECONDS = 15 * 60;

    /** Cumulative counts since the engine started, plus what is open now. */
    public record Totals(long bytesIn, long bytesOut, long messagesIn, long messagesOut, long queries, long errors,
                         int sessions, int connections) {
    }

    private final Supplier<Totals> totals;
    private final List<Consumer<ThroughputSample>> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<ThroughputSample> history = new ArrayDeque<>(HISTORY_SECONDS);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            io.rolegate.engine.threads.BackgroundThreads.named("rolegate-throughput"));
    private Totals previous;

    public ThroughputSampler(Supplier<Totals> totals) {
        this.totals = totals;
    }

    public void start() {
        previous = totals.get();
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        try {
            Totals now = totals.get();
            ThroughputSample s = new ThroughputSample(Instant.now(), now.bytesIn - previous.bytesIn,
                    now.bytesOut - previous.bytesOut, now.messagesIn - previous.messagesIn,
                    now.messagesOut - previous.messagesOut, now.queries - previous.queries,
                    now.errors - previous.errors, now.sessions, now.connections);
            previous = now;
            synchronized (history) {
                if (history.size() == HISTORY_SECONDS) {
                    history.removeFirst();
                }
                history.addLast(s);
            }
            for (Consumer<ThroughputSample> l : listeners) {
                l.accept(s);
            }
        } catch (RuntimeException e) {
            // A failing subscriber must not stop the sampler (a scheduled task that throws is never run again).
            log.warn("throughput sample failed", e);
        }
    }

    public AutoCloseable subscribe(Consumer<ThroughputSample> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Samples of the last 15 minutes, oldest first. */
    public List<ThroughputSample> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
