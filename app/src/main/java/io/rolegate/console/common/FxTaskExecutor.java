package io.rolegate.console.common;

import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs tasks on a small pool of daemon threads and hands results back to the JavaFX thread. */
public final class FxTaskExecutor implements TaskExecutor {
    private static final Logger log = LoggerFactory.getLogger(FxTaskExecutor.class);

    private final ExecutorService pool;

    public FxTaskExecutor() {
        AtomicInteger n = new AtomicInteger();
        // bounded: a console never needs more than a few things in flight, and a stuck engine call must not
        // make the pool grow without end
        pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "console-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
    }

    @Override
    public <T> void execute(BackgroundTask<T> task) {
        try {
            submit(task);
        } catch (RejectedExecutionException e) {
            // only after close (the queue is unbounded): the window is closing, and a result already on its way
            // to the UI thread (a refresh, a poll) may still ask for more work, which nobody would see
            log.debug("not starting {}: the console is closing", task.description());
        }
    }

    private <T> void submit(BackgroundTask<T> task) {
        pool.execute(() -> {
            T result;
            try {
                result = task.call();
            } catch (Exception e) {
                Platform.runLater(() -> {
                    if (!task.failed(e)) {
                        log.error("{} failed", task.description(), e);
                    }
                });
                return;
            }
            Platform.runLater(() -> task.succeeded(result));
        });
    }

    @Override
    public void runOnUi(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
