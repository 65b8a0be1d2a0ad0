package io.rolegate.engine.cli;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.remote.ApiServer;

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

    /** The engine, with its remote admin API ({@code api:}) served while it runs when configured. */
    static EngineHandle of(Engine engine) {
        return new EngineHandle() {
            private volatile ApiServer api;

            @Override
            public void start() {
                engine.start();
                try {
                    api = ApiServer.startIfConfigured(engine).orElse(null);
                } catch (RuntimeException e) {
                    engine.stop(Duration.ZERO);
                    throw e;
                }
            }

            @Override
            public InetSocketAddress listenAddress() {
                return engine.listenAddress();
            }

            @Override
            public void stop(Duration grace) {
                ApiServer a = api;
                if (a != null) {
                    a.close();
                }
                engine.stop(grace);
            }

            @Override
            public void drainAndStop(Duration drainDelay, Duration grace) {
                engine.drainAndStop(drainDelay, grace); // the API answers while the engine drains
                ApiServer a = api;
                if (a != null) {
                    a.close();
                }
            }
        };
    }
}
