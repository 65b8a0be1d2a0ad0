package io.rolegate.engine.api;

import io.rolegate.engine.config.RolegateConfig;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The facade: the only type the console and the headless runner use. (Skeleton: the body arrives with the
 * session room in the next commit.)
 */
public final class Engine implements AutoCloseable {
    private final RolegateConfig config;

    public Engine(RolegateConfig config) {
        this.config = config;
    }

    /** Binds the listener; throws {@link EngineException} with a readable message when it cannot. */
    public void start() {
        throw new EngineException("engine not built yet");
    }

    public RolegateConfig config() { return config; }

    public InetSocketAddress listenAddress() { throw new EngineException("engine not built yet"); }

    public EngineState state() { return EngineState.NEW; }

    public List<SessionSnapshot> sessions() { return List.of(); }

    public Optional<SessionSnapshot> session(long id) { return Optional.empty(); }

    /** Ends a session with FATAL 57P01 and the given reason; false when no such live session. */
    public boolean disconnect(long sessionId, String reason) { return false; }

    /** Sends a CancelRequest for the session's running query upstream; completes with false when none ran. */
    public CompletableFuture<Boolean> cancelQuery(long sessionId) { return CompletableFuture.completedFuture(false); }

    /** Subscribes to per-second throughput samples; close the returned handle to stop. */
    public AutoCloseable onThroughput(Consumer<ThroughputSample> listener) { return () -> { }; }

    /**
     * Stops: closes the listener, lets live sessions finish for {@code grace}, then terminates the rest with
     * 57P01. Blocks until done.
     */
    public void stop(Duration grace) { }

    @Override
    public void close() {
        stop(config.limits().shutdownGrace());
    }
}
