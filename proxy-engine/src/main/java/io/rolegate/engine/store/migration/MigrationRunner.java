package io.rolegate.engine.store.migration;

import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings a store's schema up to the scripts this build carries, one transaction per script, each recorded with its
 * checksum. It refuses, rather than guesses, whenever the store does not match: a newer schema, an edited script,
 * or a hole in the history. (H2 commits DDL implicitly, so there a failed script can leave part of itself behind;
 * the error then says which script and version to look at. PostgreSQL rolls the whole script back.)
 */
public final class MigrationRunner {
    public static final String HISTORY_TABLE = "rolegate_schema_history";

    private final List<Migration> migrations;
    private final String storeName;

    /** @param storeName the file or URL named in error messages, so the operator knows which store is meant */
    public MigrationRunner(List<Migration> migrations, String storeName) {
        this.migrations = List.copyOf(migrations);
        this.storeName = storeName;
    }

    /** Applies the missing scripts and returns the schema version the store is at afterwards. */
    public int migrate(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " (version INTEGER NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL, script VARCHAR(200) NOT NULL, checksum CHAR(64) NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        Map<Integer, String> applied = appliedChecksums(connection);
        int current = checkApplied(applied);
        for (Migration m : migrations) {
            if (m.version() > current) {
                apply(connection, m);
                current = m.version();
            }
        }
        return current;
    }

    private Map<Integer, String> appliedChecksums(Connection connection) throws SQLException {
        Map<Integer, String> applied = new LinkedHashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, checksum FROM " + HISTORY_TABLE + " ORDER BY version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2).trim());
            }
        }
        return applied;
    }

    private int checkApplied(Map<Integer, String> applied) {
        int known = migrations.size();
        int newest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (newest > known) {
            throw new StoreException("the store " + storeName + " was written by a newer Rolegate (schema " + newest
                    + ", this build knows " + known + "); refusing to touch it. Use that newer Rolegate, or restore"
                    + " a backup made by this version");
        }
        int expected = 1;
        for (Map.Entry<Integer, String> row : applied.entrySet()) {
            if (row.getKey() != expected) {
                throw new StoreException("the schema history of " + storeName + " is missing version " + expected
                        + " but has " + row.getKey() + "; the store was altered outside Rolegate, refusing to touch it");
            }
            Migration m = migrations.get(expected - 1);
            if (!m.checksum().equals(row.getValue())) {
                throw new StoreException("the store " + storeName + " was migrated with a different " + m.scriptName()
                        + " (checksum " + row.getValue() + ", this build has " + m.checksum() + "); refusing to"
                        + " touch it. The schema history or the script was changed");
            }
            expected++;
        }
        return expected - 1;
    }

    private void apply(Connection connection, Migration m) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (String sql : statements(m.sql())) {
                st.execute(sql);
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + HISTORY_TABLE
                    + " (version, description, script, checksum, applied_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setInt(1, m.version());
                insert.setString(2, m.description());
                insert.setString(3, m.scriptName());
                insert.setString(4, m.checksum());
                insert.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackAfter(connection, e);
            throw new StoreException("schema migration " + m.scriptName() + " failed on " + storeName + ": "
                    + e.getMessage() + " (the store stays at version " + (m.version() - 1) + ")", e);
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void rollbackAfter(Connection connection, SQLException cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Splits on a ';' that ends a line; scripts keep semicolons out of literals, so nothing smarter is needed. */
    static List<String> statements(String script) {
        StringBuilder current = new StringBuilder();
        List<String> out = new ArrayList<>();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
