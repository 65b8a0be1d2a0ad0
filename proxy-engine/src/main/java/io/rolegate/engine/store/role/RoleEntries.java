package io.rolegate.engine.store.role;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The store's table of which directory entry owns which managed login role ({@code role_entry}). Plain reads and
 * writes; the rules about who may take a role are the caller's.
 */
public final class RoleEntries {
    /** A role's owner: the entry's stable id, its DN when it was bound, and when. */
    public record Binding(String role, String entryId, String entryDn, Instant boundAt) {
    }

    private final ConnectionSource connections;

    public RoleEntries(ConnectionSource connections) {
        this.connections = connections;
    }

    /** Every binding, by role name. */
    public Map<String, Binding> all() {
        try (Connection c = connections.open();
             PreparedStatement st = c.prepareStatement(
                     "SELECT role_name, entry_id, entry_dn, bound_at FROM role_entry ORDER BY role_name");
             ResultSet rs = st.executeQuery()) {
            Map<String, Binding> out = new LinkedHashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), new Binding(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read which directory entry owns which role: " + e.getMessage(), e);
        }
    }

    /** Binds {@code binding.role()} to its entry, replacing an earlier owner (the caller decided it may). */
    public void bind(Binding binding) {
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM role_entry WHERE role_name = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO role_entry (role_name, entry_id, entry_dn, bound_at) VALUES (?, ?, ?, ?)")) {
                // delete + insert rather than MERGE/ON CONFLICT: the one form both H2 and PostgreSQL accept
                del.setString(1, binding.role());
                del.executeUpdate();
                ins.setString(1, binding.role());
                ins.setString(2, binding.entryId());
                ins.setString(3, binding.entryDn());
                ins.setTimestamp(4, Timestamp.from(binding.boundAt()));
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record that role " + binding.role() + " belongs to "
                    + binding.entryDn() + ": " + e.getMessage(), e);
        }
    }

    /** Forgets who owned {@code role} (it no longer exists upstream). */
    public void release(String role) {
        try (Connection c = connections.open();
             PreparedStatement st = c.prepareStatement("DELETE FROM role_entry WHERE role_name = ?")) {
            st.setString(1, role);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot release role " + role + ": " + e.getMessage(), e);
        }
    }
}
