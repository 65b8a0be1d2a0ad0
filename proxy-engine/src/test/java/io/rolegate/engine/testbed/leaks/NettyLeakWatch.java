package io.rolegate.engine.testbed.leaks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every report Netty's {@link ResourceLeakDetector} makes (the "LEAK: ByteBuf.release() was not called"
 * log lines, with their access records), wherever in the run it is made. The detector reports a leak only when the
 * garbage collector has found the lost buffer and a later allocation looks at its queue: {@link #sweep} makes both
 * happen now. The test run runs with {@code -Dio.netty.leakDetection.level=paranoid} (every buffer tracked).
 */
public final class NettyLeakWatch {
    /** The logger Netty's detectors report through (one detector per resource type, one logger for all). */
    static final String DETECTOR_LOGGER = ResourceLeakDetector.class.getName();

    private static final List<String> reports = new ArrayList<>();
    private static boolean installed;

    private NettyLeakWatch() {
    }

    /** Starts listening for leak reports; idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        Logger logger = (Logger) LoggerFactory.getLogger(DETECTOR_LOGGER);
        if (logger.getLevel() == null || !logger.isErrorEnabled()) {
            logger.setLevel(Level.ERROR); // the detector stays silent unless its logger takes errors
        }
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.ERROR) && event.getFormattedMessage().contains("LEAK")) {
                    synchronized (NettyLeakWatch.class) {
                        reports.add(event.getFormattedMessage());
                    }
                }
            }
        };
        appender.setName("netty-leak-watch");
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        installed = true;
    }

    /**
     * Makes the detector report what is already lost: a collection finds unreachable buffers, then tracked
     * allocations (pooled and unpooled, heap and direct) make the detector poll its queue.
     */
    public static void sweep() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < 16; i++) {
                release(PooledByteBufAllocator.DEFAULT.directBuffer(16));
                release(PooledByteBufAllocator.DEFAULT.heapBuffer(16));
                release(UnpooledByteBufAllocator.DEFAULT.directBuffer(16));
                release(UnpooledByteBufAllocator.DEFAULT.heapBuffer(16));
            }
        }
    }

    private static void release(ByteBuf b) {
        b.release();
    }

    /** How many reports were collected so far in the run. */
    public static synchronized int count() {
        return reports.size();
    }

    /** The reports collected after the first {@code from}, removed: they are now the caller's to act on. */
    public static synchronized List<String> takeSince(int from) {
        if (from >= reports.size()) {
            return List.of();
        }
        List<String> since = new ArrayList<>(reports.subList(from, reports.size()));
        reports.subList(from, reports.size()).clear();
        return since;
    }
}
