package io.rolegate.engine.store.audit;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes checkpoints of the running chain: one when started, one every {@code every} while the chain grows, and
 * one at shutdown after the last event was committed. A checkpoint records the committed head, so it never names
 * a record that could still be rolled back.
 */
final class AuditCheckpoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    private final ConnectionSource connections;
    /** The node whose chain is checkpointed. */
    private final String chainNode;
    private final AuditAnchors anchors;
    private final String node;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private long lastSequence = -1;
    private String lastHash;

    AuditCheckpoints(ConnectionSource connections, String chainNode, AuditAnchors anchors, String node, Duration every,
                     Clock clock) {
        this.connections = connections;
        this.chainNode = chainNode;
        this.anchors = anchors;
        this.node = node;
        this.clock = clock;
        // a restart with an unchanged chain adds no line; the last checkpoint is trusted here only to skip a
        // duplicate, never to vouch for anything (verify checks every line)
        anchors.last().ifPresent(a -> {
            lastSequence = a.sequence();
            lastHash = a.headHash();
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rolegate-audit-checkpoint");
            t.setDaemon(true);
            return t;
        });
        long millis = every.toMillis();
        timer.scheduleWithFixedDelay(this::checkpointQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Writes a checkpoint of the committed head unless the last one already names it; empty chains have none. */
    synchronized Optional<AuditAnchor> checkpoint() {
        long sequence;
        String hash;
        try (Connection c = connections.open(); PreparedStatement st = c.prepareStatement(AuditChains.HEAD)) {
            st.setString(1, chainNode);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                sequence = rs.getLong(1);
                hash = rs.getString(2).trim();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the head of the audit chain for a checkpoint: " + e.getMessage(), e);
        }
        if (sequence == lastSequence && hash.equals(lastHash)) {
            return Optional.empty();
        }
        AuditAnchor anchor = anchors.write(sequence, hash, node, clock.instant());
        lastSequence = sequence;
        lastHash = hash;
        return Optional.of(anchor);
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            // the next round tries again; verify reports what stays unanchored meanwhile
            log.warn("audit checkpoint failed: {}", e.getMessage());
        }
    }

    /** Stops the timer and writes the shutdown checkpoint; call after the audit writer committed its last event. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint();
    }
}
