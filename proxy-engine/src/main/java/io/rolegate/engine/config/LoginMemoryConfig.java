package io.rolegate.engine.config;

/**
 * {@code limits.loginMemory}: the most each table the login path fills may hold — the login cache (answers by user
 * name and password), and the outage grace's remembered answers — in entries and in estimated bytes. The oldest
 * entries go first; a dropped entry only costs the next login a directory round trip.
 */
public record LoginMemoryConfig(int maxEntries, long maxBytes) {
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    public static final long DEFAULT_MAX_BYTES = 16L << 20;

    public static LoginMemoryConfig defaults() {
        return new LoginMemoryConfig(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);
    }
}
