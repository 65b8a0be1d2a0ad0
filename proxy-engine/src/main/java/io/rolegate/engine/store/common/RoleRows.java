package io.rolegate.engine.store.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A child table of role names in order (role names may hold any character, so they get rows rather than a joined
 * string): the roles of a finished session, of a recorded session. Table and column names are the caller's
 * constants, never input.
 */
public final class RoleRows {
    private final String insert;
    private final String select;

    /** @param table the child table, with columns {@code keyColumn}, {@code ordinal} and {@code role_name} */
    public RoleRows(String table, String keyColumn) {
        this.insert = "INSERT INTO " + table + " (" + keyColumn + ", ordinal, role_name) VALUES (?, ?, ?)";
        this.select = "SELECT role_name FROM " + table + " WHERE " + keyColumn + " = ? ORDER BY ordinal";
    }

    /** Writes {@code roles} for the parent row {@code id}, in the caller's transaction. */
    public void insert(Connection c, long id, List<String> roles) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            for (int i = 0; i < roles.size(); i++) {
                ps.setLong(1, id);
                ps.setInt(2, i);
                ps.setString(3, roles.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The roles of each parent row in {@code rows}, keyed and ordered as given. */
    public <R> Map<Long, List<String>> read(Connection c, Map<Long, R> rows) throws SQLException {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(select)) {
            for (Long id : rows.keySet()) {
                ps.setLong(1, id);
                List<String> roles = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        roles.add(rs.getString(1));
                    }
                }
                out.put(id, roles);
            }
        }
        return out;
    }
}
