package io.rolegate.engine.cli;

import io.rolegate.engine.api.Engine;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The part of {@link Engine} the runner drives. It exists so the start, log and signal handling of the runner can be
 * tested without binding sockets.
 */
interface EngineHandle {
    void start();

    InetSocketAddress listenAddress();

    void stop(Duration grace);

    /** {@link Engine#drainAndStop}: /health says draining for {@code drainDelay}, then the stop. */
    default void drainAndStop(Duration drainDelay, Duration grace) {
        stop(grace);
    }

    static EngineHandle of(Engine engine) {
        return new EngineHandle() {
            @Override
            public void start() {
                engine.start();
            }

            @Override
            public InetSocketAddress listenAddress() {
                return engine.listenAddress();
            }

            @Override
            public void stop(Duration grace) {
                engine.stop(grace);
            }

            @Override
            public void drainAndStop(Duration drainDelay, Duration grace) {
                engine.drainAndStop(drainDelay, grace);
            }
        };
    }
}
