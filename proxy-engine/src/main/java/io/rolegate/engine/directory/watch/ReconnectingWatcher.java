package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The thread, connection, reconnect backoff and health bookkeeping every watcher shares. A subclass implements
 * {@link #watch}: use the connection until it breaks (throw) or the watcher stops (return), delivering changes
 * with {@link #emit}. Everything here runs on the watcher's one daemon thread, including the listener.
 */
abstract class ReconnectingWatcher implements DirectoryWatcher {
    private static final Logger log = LoggerFactory.getLogger(ReconnectingWatcher.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final long STOP_WAIT_MILLIS = 5_000;
    /** A session asking for a restart sooner than this after it began waits the backoff like a failure. */
    private static final long RESTART_GUARD_NANOS = 1_000_000_000L;

    /** Replaced only by {@link #retune}: the poll interval may change while the watcher keeps its place. */
    protected volatile WatchSettings settings;
    private final WatchMode mode;
    private final WatchConnector connector;
    private final ChangeListener listener;
    private final Consumer<String> onUnsupported;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Backoff backoff;

    private Thread thread;
    private volatile LDAPConnection current;
    private volatile boolean connected;
    private volatile Instant lastEventAt;
    private volatile String lastError;
    private volatile Duration lag;

    /** @param onUnsupported told (on the watcher thread, which then ends) when the server cannot serve this mode */
    ReconnectingWatcher(WatchMode mode, WatchSettings settings, WatchConnector connector, ChangeListener listener,
                        Consumer<String> onUnsupported) {
        this.mode = mode;
        this.settings = settings;
        this.connector = connector;
        this.listener = listener;
        this.onUnsupported = onUnsupported;
        this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax());
    }

    /**
     * Follows changes on {@code connection} until it fails (throw) or {@link #stopping()} (return). Returning
     * while not stopping asks for an immediate new session (reconnect without backoff, {@code resumed} true).
     *
     * @param resumed true when an earlier session ran: the subclass must catch up on the gap or emit a resync
     */
    protected abstract void watch(LDAPConnection connection, boolean resumed)
            throws LDAPException, InterruptedException, UnsupportedWatchException;

    @Override
    public final synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "rolegate-watch-" + mode.configName() + "-" + SEQUENCE.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public final void stop() {
        Thread running;
        synchronized (this) {
            stopped.countDown();
            running = thread;
        }
        LDAPConnection connection = current;
        if (connection != null) {
            connection.close();
        }
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        running.interrupt();
        try {
            running.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            log.warn("directory watcher thread {} did not end within {} ms", running.getName(), STOP_WAIT_MILLIS);
        }
    }

    @Override
    public WatchHealth health() {
        return new WatchHealth(mode, connected, lastEventAt, lastError, lag, null);
    }

    /** Takes the new interval from the next wait on; connection and position (cookie, change number) stay. */
    @Override
    public boolean retune(java.time.Duration pollInterval) {
        settings = settings.withPollInterval(pollInterval);
        return true;
    }

    protected final boolean stopping() {
        return stopped.getCount() == 0;
    }

    /** Sleeps up to {@code millis}, waking at once on stop; returns false when stopping. */
    protected final boolean pause(long millis) throws InterruptedException {
        return !stopped.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Delivers a change on this thread; {@code serverTime} (the entry's modifyTimestamp, if known) feeds the lag. */
    protected final void emit(DirectoryChange.Kind kind, DN dn, Instant serverTime) {
        Instant now = Instant.now();
        if (serverTime != null) {
            Duration measured = Duration.between(serverTime, now);
            lag = measured.isNegative() ? Duration.ZERO : measured;
        }
        lastEventAt = now;
        try {
            listener.onChange(new DirectoryChange(kind, dn, now));
        } catch (RuntimeException e) {
            log.error("directory change listener failed on {} {}; watching continues", kind, dn, e);
        }
    }

    /** Tells the listener that changes may have been missed under every watched base. */
    protected final void emitResync(String why) {
        log.info("directory watcher ({}): resynchronisation needed: {}", mode.configName(), why);
        for (DN base : settings.bases()) {
            emit(DirectoryChange.Kind.RESYNC, base, null);
        }
    }

    /** Records a problem that does not end the session, for {@link #health()}. */
    protected final void problem(String description) {
        if (!description.equals(lastError)) {
            log.warn("directory watcher ({}): {}", mode.configName(), description);
        }
        lastError = description;
    }

    /** What went wrong, as the health view and the log say it: a timeout in words a DBA reads first. */
    static String describe(LDAPException e) {
        String detail = e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : e.getMessage();
        if (e.getResultCode() == com.unboundid.ldap.sdk.ResultCode.TIMEOUT && !detail.contains("did not answer")) {
            return "the directory did not answer in time (directory.responseTimeout): " + detail;
        }
        return e.getResultCode() + ": " + detail;
    }

    /** A further bound connection for watchers that need several (the caller closes it). */
    protected final LDAPConnection openAnother(String purpose) throws LDAPException {
        return connector.open(thread.getName() + "-" + purpose);
    }

    private void run() {
        boolean resumed = false;
        while (!stopping()) {
            LDAPConnection connection = null;
            long began = System.nanoTime();
            boolean restart = false;
            try {
                connection = connector.open(thread.getName());
                current = connection;
                if (stopping()) {
                    break;
                }
                connected = true;
                log.info("directory watcher ({}) connected to {}", mode.configName(), connection.getHostPort());
                watch(connection, resumed);
                restart = !stopping();
            } catch (UnsupportedWatchException e) {
                lastError = e.getMessage();
                if (onUnsupported != null) {
                    onUnsupported.accept(e.getMessage());
                    return;
                }
                log.warn("directory watcher ({}) cannot run: {}; retrying", mode.configName(), e.getMessage());
            } catch (LDAPException e) {
                if (!stopping()) {
                    String error = describe(e);
                    if (!error.equals(lastError)) {
                        log.warn("directory watcher ({}) lost the directory: {}", mode.configName(), error);
                    }
                    lastError = error;
                }
            } catch (InterruptedException e) {
                if (!stopping()) {
                    log.warn("directory watcher ({}) interrupted without stop; ending", mode.configName());
                }
                return;
            } catch (RuntimeException e) {
                lastError = e.toString();
                log.error("directory watcher ({}) failed; reconnecting", mode.configName(), e);
            } finally {
                resumed |= connected;
                connected = false;
                current = null;
                if (connection != null) {
                    connection.close();
                }
            }
            if (restart && System.nanoTime() - began > RESTART_GUARD_NANOS) {
                continue;
            }
            if (System.nanoTime() - began > settings.reconnectMax().toNanos()) {
                backoff.reset();
            }
            try {
                if (!pause(backoff.nextMillis())) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
