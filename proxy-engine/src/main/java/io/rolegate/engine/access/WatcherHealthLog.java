package io.rolegate.engine.access;

import io.rolegate.engine.directory.watch.WatchHealth;
import io.rolegate.engine.api.model.AuditDetails;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.store.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Records the directory watcher's health changes — connected or not, which mechanism runs, why it fell back — in
 * the log and the audit chain, so an incident review can tell when revocation was instant and when it relied on
 * polling or reconciliation. Samples the watcher's health every {@code every}; records transitions only.
 */
public final class WatcherHealthLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WatcherHealthLog.class);

    private final Supplier<WatchHealth> health;
    private final AuditLog audit;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rolegate-watch-health");
        t.setDaemon(true);
        return t;
    });
    private String last;

    public WatcherHealthLog(Supplier<WatchHealth> health, AuditLog audit, Duration every) {
        this.health = health;
        this.audit = audit;
        timer.scheduleWithFixedDelay(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            WatchHealth h = health.get();
            String now = h.mode().configName() + (h.connected() ? " connected" : " disconnected")
                    + (h.fallbackReason() == null ? "" : " (fallback: " + h.fallbackReason() + ")");
            if (Objects.equals(now, last)) {
                return;
            }
            last = now;
            String message = "directory watcher " + now + (h.connected() || h.lastError() == null ? ""
                    : ": " + h.lastError());
            if (h.connected()) {
                log.info(message);
            } else {
                log.warn(message);
            }
            audit.append(AuditEvent.of(AuditEventType.WATCHER_HEALTH, message).withActor("rolegate")
                    .withDetails(AuditDetails.create().put("mode", h.mode().configName())
                            .put("connected", h.connected())));
        } catch (RuntimeException e) {
            log.warn("could not sample the directory watcher's health", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
