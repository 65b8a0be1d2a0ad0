package io.rolegate.engine.store.config;

import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.LineDiff;

import io.rolegate.engine.store.common.ConnectionSource;
import io.rolegate.engine.store.common.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration as a list of versions; the running one is the latest. Text in, text out: this class never
 * parses YAML, so it does not change when the config model does, and an export returns byte-for-byte what was
 * imported. Versions are only ever added: a rollback is a new version carrying old content.
 */
public final class ConfigVersions {
    private static final String COLUMNS = "version, created_at, author, comment, yaml, diff";
    /** The PostgreSQL channel a new version is announced on (see {@link #notifyFollowers}). */
    public static final String CHANNEL = "rolegate_config_version";
    /** The highest version number (0 for none), read by followers every poll. */
    public static final String LATEST_NUMBER = "SELECT COALESCE(MAX(version), 0) FROM config_version";
    /** A quarter of the column size, so that even a diff replacing every line of both versions still fits. */
    public static final int MAX_YAML_CHARS = 250_000;

    private final ConnectionSource connections;

    public ConfigVersions(ConnectionSource connections) {
        this.connections = connections;
    }

    /** Saves {@code yaml} as the next version, even when it equals the latest. */
    public ConfigVersion save(String yaml, String author, String comment) {
        return write(yaml, author, comment, false).orElseThrow();
    }

    /** Saves a new version only when the text differs from the latest; otherwise returns empty. */
    public Optional<ConfigVersion> saveIfChanged(String yaml, String author, String comment) {
        return write(yaml, author, comment, true);
    }

    /** Makes the content of {@code version} the latest again, as a new version that says so. */
    public ConfigVersion rollback(int version, String author, String comment) {
        ConfigVersion old = get(version).orElseThrow(() ->
                new StoreException("there is no configuration version " + version + " to roll back to"));
        String why = "rollback to version " + version + (comment == null || comment.isBlank() ? "" : ": " + comment);
        return save(old.yaml(), author, why);
    }

    public Optional<ConfigVersion> latest() {
        return queryOne("SELECT " + COLUMNS + " FROM config_version ORDER BY version DESC FETCH FIRST 1 ROWS ONLY",
                null);
    }

    public Optional<ConfigVersion> get(int version) {
        return queryOne("SELECT " + COLUMNS + " FROM config_version WHERE version = ?", version);
    }

    /** Every version, newest first. */
    public List<ConfigVersion> history() {
        return list("SELECT " + COLUMNS + " FROM config_version WHERE version > ? ORDER BY version DESC", 0);
    }

    /** A unified diff from version {@code from} to version {@code to} (either order). */
    public String diff(int from, int to) {
        ConfigVersion a = get(from).orElseThrow(() -> new StoreException("no configuration version " + from));
        ConfigVersion b = get(to).orElseThrow(() -> new StoreException("no configuration version " + to));
        return LineDiff.unified(a.yaml(), b.yaml(), "version " + from, "version " + to);
    }

    private Optional<ConfigVersion> write(String yaml, String author, String comment, boolean onlyIfChanged) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(author, "author");
        if (yaml.length() > MAX_YAML_CHARS) {
            throw new StoreException("the configuration is " + yaml.length() + " characters; the store keeps at most "
                    + MAX_YAML_CHARS + " per version");
        }
        try (Connection c = connections.open()) {
            c.setAutoCommit(false);
            // SERIALIZABLE so two saves at once cannot both read version n and both write n+1 silently; the
            // primary key would refuse the second, and this turns that into a retry-able error, not lost history.
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            Optional<ConfigVersion> latest = latest(c);
            if (onlyIfChanged && latest.isPresent() && latest.get().yaml().equals(yaml)) {
                c.rollback();
                return Optional.empty();
            }
            int next = latest.map(v -> v.version() + 1).orElse(1);
            String diff = latest.map(v -> LineDiff.unified(v.yaml(), yaml, "version " + v.version(),
                    "version " + next)).orElse("");
            ConfigVersion v = new ConfigVersion(next, Instant.now().truncatedTo(ChronoUnit.MICROS), author,
                    comment == null ? "" : comment, yaml, diff);
            insert(c, v);
            notifyFollowers(c, v.version());
            c.commit();
            return Optional.of(v);
        } catch (SQLException e) {
            throw new StoreException("cannot save the configuration: " + e.getMessage(), e);
        }
    }

    private static void insert(Connection c, ConfigVersion v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO config_version (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, v.version());
            ps.setObject(2, OffsetDateTime.ofInstant(v.createdAt(), ZoneOffset.UTC));
            ps.setString(3, v.author());
            ps.setString(4, v.comment());
            ps.setString(5, v.yaml());
            ps.setString(6, v.diffFromPrevious());
            ps.executeUpdate();
        }
    }

    /**
     * On PostgreSQL, tells every engine that LISTENs on {@link #CHANNEL} that a version was added: in the inserting
     * transaction, so the notification goes out exactly when the version is visible, and never for a rollback.
     * The payload is the store's schema and the version ({@code edge1:7}); a listener on another schema ignores it.
     */
    private static void notifyFollowers(Connection c, int version) throws SQLException {
        if (!c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
            return; // H2 is one engine's own file: it polls (ConfigVersionFollower)
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, current_schema() || ':' || ?)")) {
            ps.setString(1, CHANNEL);
            ps.setInt(2, version);
            ps.execute();
        }
    }

    /** The highest version number, 0 when there is none: one index lookup, what a follower asks each time. */
    public int latestNumber() {
        try (Connection c = connections.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(LATEST_NUMBER)) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("cannot read the configuration: " + e.getMessage(), e);
        }
    }

    /** Versions above {@code version}, oldest first: what an engine that applied {@code version} has yet to take. */
    public List<ConfigVersion> after(int version) {
        return list("SELECT " + COLUMNS + " FROM config_version WHERE version > ? ORDER BY version", version);
    }

    private List<ConfigVersion> list(String sql, int above) {
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, above);
            try (ResultSet rs = ps.executeQuery()) {
                List<ConfigVersion> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the configuration history: " + e.getMessage(), e);
        }
    }

    private static Optional<ConfigVersion> latest(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + COLUMNS
                + " FROM config_version ORDER BY version DESC FETCH FIRST 1 ROWS ONLY")) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private Optional<ConfigVersion> queryOne(String sql, Integer param) {
        try (Connection c = connections.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setInt(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the configuration: " + e.getMessage(), e);
        }
    }

    private static ConfigVersion read(ResultSet rs) throws SQLException {
        return new ConfigVersion(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6));
    }
}
