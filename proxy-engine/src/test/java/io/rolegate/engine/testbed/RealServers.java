package io.rolegate.engine.testbed;

/** The real servers some tests need besides {@link TestPostgres}: slapd ({@link SlapdServer}), Samba AD ({@link SambaAd}). */
public final class RealServers {
    private RealServers() {
    }

    /**
     * Skips a test whose real server is not installed on a developer's machine; fails it where the real parts are
     * required (CI sets ROLEGATE_REQUIRE_REAL_DIRECTORIES, so a broken install step cannot hide as skipped tests).
     */
    public static void requireOrSkip(boolean available, String why) {
        if (!available && "true".equals(System.getenv("ROLEGATE_REQUIRE_REAL_DIRECTORIES"))) {
            org.junit.jupiter.api.Assertions.fail(why + " (required: ROLEGATE_REQUIRE_REAL_DIRECTORIES=true)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(available, why);
    }
}
