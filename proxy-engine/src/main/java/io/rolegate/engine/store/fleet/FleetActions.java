package io.rolegate.engine.store.fleet;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Actions one node of a fleet asks another to take on a session it owns (decision 0028): a {@code fleet_action} row
 * plus a NOTIFY on {@link #CHANNEL} with the target node's name, in one transaction; the owner executes it and writes
 * the answer into the row, which the requester reads. Each row carries a MAC under a key derived from the fleet's
 * master key, over every field that says what to do and in whose name: a writer to the store without the master key
 * can delete or delay actions, never make one a node executes.
 */
public final class FleetActions {
    /** The channel owners LISTEN on; the payload is the target node's name. */
    public static final String CHANNEL = "rolegate_fleet_action";

    /** What a node is asked to do. */
    public enum Kind {
        /** End the session with 57P01, in the requesting console user's name. */
        DISCONNECT,
        /** Cancel the session's running query, in the requesting console user's name. */
        CANCEL,
        /** A client's CancelRequest that reached another node: the owner checks the secret key. */
        CANCEL_KEY
    }

    /** How an owner answered. */
    public enum Outcome {
        DONE, NO_SUCH_SESSION, NOTHING_RUNNING, REFUSED, FAILED,
        /** Written by the requester when its wait ran out: the owner must not act on it any more. */
        EXPIRED
    }

    /** An action to ask for; {@code cancelKey} only for {@link Kind#CANCEL_KEY}. */
    public record Request(String targetNode, Kind kind, long sessionId, int cancelPid, byte[] cancelKey,
                          String reason, String requestedBy, String requestedFrom, Instant requestedAt) {
        public Request {
            requestedAt = requestedAt.truncatedTo(ChronoUnit.MILLIS); // what the store keeps exactly
            cancelKey = cancelKey == null ? null : cancelKey.clone();
        }
    }

    /** An action waiting for its owner, as read back, with the MAC it was written with. */
    public record Pending(long id, Request request, String mac) {
    }

    /** An owner's answer. */
    public record Answer(Outcome outcome, String message) {
    }

    private final ConnectionSource connections;
    private final byte[] macKey;

    /** {@code macKey}: derived from the master key every node of the fleet shares. */
    public FleetActions(ConnectionSource connections, byte[] macKey) {
        this.connections = connections;
        this.macKey = macKey.clone();
    }

    /** Writes the action and notifies its node, in one transaction; returns the action's id. */
    public long request(Request r) {
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            long id;
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO fleet_action (target_node, kind, session_id,"
                    + " cancel_pid, cancel_key, reason, requested_by, requested_from, requested_at, mac) VALUES"
                    + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                ins.setString(1, r.targetNode());
                ins.setString(2, r.kind().name());
                ins.setLong(3, r.sessionId());
                ins.setInt(4, r.cancelPid());
                ins.setString(5, r.cancelKey() == null ? null : HexFormat.of().formatHex(r.cancelKey()));
                ins.setString(6, r.reason());
                ins.setString(7, r.requestedBy());
                ins.setString(8, r.requestedFrom());
                ins.setTimestamp(9, Timestamp.from(r.requestedAt()));
                ins.setString(10, mac(r));
                ins.executeUpdate();
                try (ResultSet keys = ins.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, CHANNEL);
                notify.setString(2, r.targetNode());
                notify.execute();
            }
            c.commit();
            return id;
        } catch (SQLException e) {
            throw new StoreException("cannot write the action for node " + r.targetNode() + " into the store: "
                    + e.getMessage(), e);
        }
    }

    /** The owner's answer to action {@code id}, once there is one. */
    public Optional<Answer> answer(long id) {
        try (Connection c = connections.open(); PreparedStatement st = c.prepareStatement(
                "SELECT outcome, answer FROM fleet_action WHERE id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.of(new Answer(Outcome.FAILED, "the action was deleted from the store"));
                }
                String outcome = rs.getString(1);
                return outcome == null ? Optional.empty()
                        : Optional.of(new Answer(Outcome.valueOf(outcome), rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the answer to fleet action " + id + ": " + e.getMessage(), e);
        }
    }

    /** Actions for {@code node} not yet answered, oldest first. */
    public List<Pending> pending(String node) {
        List<Pending> out = new ArrayList<>();
        try (Connection c = connections.open(); PreparedStatement st = c.prepareStatement("SELECT id, kind,"
                + " session_id, cancel_pid, cancel_key, reason, requested_by, requested_from, requested_at, mac"
                + " FROM fleet_action WHERE target_node = ? AND outcome IS NULL ORDER BY id")) {
            st.setString(1, node);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(5);
                    out.add(new Pending(rs.getLong(1), new Request(node, Kind.valueOf(rs.getString(2)),
                            rs.getLong(3), rs.getInt(4), key == null ? null : HexFormat.of().parseHex(key),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant()),
                            rs.getString(10)));
                }
            }
        } catch (SQLException | IllegalArgumentException e) {
            throw new StoreException("cannot read the actions for node " + node + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Writes {@code answer} into action {@code id} if nobody answered it yet (an owner, or the requester giving
     * up); the cancel key is wiped. False when it was answered already.
     */
    public boolean answer(long id, Answer answer) {
        try (Connection c = connections.open(); PreparedStatement st = c.prepareStatement("UPDATE fleet_action SET"
                + " outcome = ?, answer = ?, answered_at = now(), cancel_key = NULL WHERE id = ? AND outcome IS NULL")) {
            st.setString(1, answer.outcome().name());
            st.setString(2, answer.message().length() > 2000 ? answer.message().substring(0, 2000) : answer.message());
            st.setLong(3, id);
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot answer fleet action " + id + ": " + e.getMessage(), e);
        }
    }

    /** Deletes actions asked for before {@code before} (answered or not): the audit chains keep the record. */
    public int prune(Instant before) {
        try (Connection c = connections.open(); PreparedStatement st = c.prepareStatement(
                "DELETE FROM fleet_action WHERE requested_at < ?")) {
            st.setTimestamp(1, Timestamp.from(before));
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot prune the fleet's actions: " + e.getMessage(), e);
        }
    }

    /** True when {@code p} was written by a node holding the fleet's master key, exactly as read. */
    public boolean authentic(Pending p) {
        return MessageDigest.isEqual(mac(p.request()).getBytes(StandardCharsets.US_ASCII),
                String.valueOf(p.mac()).getBytes(StandardCharsets.US_ASCII));
    }

    /** HMAC-SHA-256 over every field, each length-prefixed (no field can run into the next). */
    String mac(Request r) {
        StringBuilder canonical = new StringBuilder("rolegate fleet action v1");
        for (Object field : new Object[] {r.targetNode(), r.kind(), r.sessionId(), r.cancelPid(),
                r.cancelKey() == null ? null : HexFormat.of().formatHex(r.cancelKey()), r.reason(), r.requestedBy(),
                r.requestedFrom(), r.requestedAt().toEpochMilli()}) {
            String s = field == null ? "\u0000null" : field.toString();
            canonical.append('\n').append(s.length()).append(':').append(s);
        }
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            return HexFormat.of().formatHex(hmac.doFinal(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }
}
