package io.rolegate.engine.session;

import io.rolegate.engine.threads.BackgroundThreads;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Threads for the CPU-heavy steps of client TLS handshakes (the JDK engine's delegated tasks). Run inline, as Netty
 * does by default, each handshake holds an event loop for milliseconds, and every session on that loop waits: a
 * login storm then shows up as relay latency for everyone else. One thread per core, idle ones let go; the queue
 * is unbounded because each task belongs to a connection already accepted (maxClientConnections bounds them).
 */
final class TlsHandshakes {
    static final Executor EXECUTOR = create();

    private TlsHandshakes() {
    }

    private static ThreadPoolExecutor create() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), BackgroundThreads.numbered("rolegate-tls"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
