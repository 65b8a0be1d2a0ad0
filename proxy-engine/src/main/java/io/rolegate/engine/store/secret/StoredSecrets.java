package io.rolegate.engine.store.secret;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Secrets kept in the store, each sealed by {@link SecretBox} under the master key with its name as the purpose (a
 * sealed value copied to another name does not open). Only sealed text is written; values are read back only by
 * the engine, never listed or exported.
 */
public final class StoredSecrets {
    private final ConnectionSource connections;
    private final SecretBox box;

    public StoredSecrets(ConnectionSource connections, MasterKey key) {
        this.connections = connections;
        this.box = new SecretBox(key);
    }

    /** Seals and saves {@code value} under {@code name}, replacing an earlier value. */
    public void put(String name, Secret value, String by) {
        String sealed = box.seal(name, new String(value.chars()));
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM stored_secret WHERE name = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO stored_secret (name, sealed, updated_at, updated_by) VALUES (?, ?, ?, ?)")) {
                // delete + insert rather than MERGE/ON CONFLICT: the one form both H2 and PostgreSQL accept
                del.setString(1, name);
                del.executeUpdate();
                ins.setString(1, name);
                ins.setString(2, sealed);
                ins.setTimestamp(3, Timestamp.from(Instant.now()));
                ins.setString(4, by);
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store the secret " + name + ": " + e.getMessage(), e);
        }
    }

    /** The secret saved under {@code name}, decrypted; empty when there is none. */
    public Optional<Secret> get(String name) {
        try (Connection c = connections.open();
             PreparedStatement st = c.prepareStatement("SELECT sealed FROM stored_secret WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(Secret.of(box.open(name, rs.getString(1)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the secret " + name + ": " + e.getMessage(), e);
        }
    }

    /** The names of the stored secrets (never their values), sorted. */
    public List<String> names() {
        return names(connections);
    }

    /** As {@link #names()}, without a master key: listing names needs none. */
    public static List<String> names(ConnectionSource connections) {
        try (Connection c = connections.open();
             PreparedStatement st = c.prepareStatement("SELECT name FROM stored_secret ORDER BY name");
             ResultSet rs = st.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot list the stored secrets: " + e.getMessage(), e);
        }
    }
}
