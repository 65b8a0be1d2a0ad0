package io.rolegate.engine.store.migration;

import java.util.Objects;

/**
 * One versioned schema script. The checksum is SHA-256 over the script with line endings normalised, so a checkout
 * with CRLF endings does not look like tampering while any real edit does.
 */
public record Migration(int version, String description, String scriptName, String sql, String checksum) {
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + scriptName);
        }
        Objects.requireNonNull(description);
        Objects.requireNonNull(scriptName);
        Objects.requireNonNull(sql);
        Objects.requireNonNull(checksum);
    }

    @Override
    public String toString() {
        return scriptName;
    }
}
