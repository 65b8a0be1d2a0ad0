package io.rolegate.engine.testbed;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Every log line Rolegate writes while open, at DEBUG, for tests that search the log for secrets. */
public final class CapturedLogs implements AutoCloseable {
    private final Logger root;
    private final Logger rolegate;
    private final Level before;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs(LoggerContext context) {
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rolegate = context.getLogger("io.rolegate");
        before = rolegate.getLevel();
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        rolegate.setLevel(Level.DEBUG);
    }

    public static CapturedLogs start() {
        return new CapturedLogs((LoggerContext) LoggerFactory.getILoggerFactory());
    }

    public int lines() {
        return events().size();
    }

    /**
     * A copy of what was logged so far. The engine's threads may still be logging: AppenderBase.doAppend holds the
     * appender's lock while it adds, so copying under that lock never meets a list in the middle of growing.
     */
    private List<ILoggingEvent> events() {
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    /** Every message so far, with the messages of logged exceptions, one per line. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (ILoggingEvent e : events()) {
            out.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                out.append(e.getThrowableProxy().getMessage()).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        rolegate.setLevel(before);
    }
}
