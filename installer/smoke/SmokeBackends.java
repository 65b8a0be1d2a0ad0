import io.rolegate.engine.demo.DemoDirectory;
import io.rolegate.engine.demo.DemoPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The smoke test's PostgreSQL and directory for the installed headless proxy: the engine's own demo parts (an
 * embedded PostgreSQL 14 from zonky, UnboundID's in-memory LDAP server with the demo company), taken from the
 * installed jar, so the test needs nothing but the package and a JDK to run this file:
 *   java -cp /opt/rolegate/lib/app/rolegate-console.jar SmokeBackends.java DIR
 * Prepares PostgreSQL as the installer guide tells an admin to (the provisioning role, the mapped roles, the
 * sample's reporting database), writes DIR/backends.env (ports and passwords, owner-only) when ready, and runs
 * until stopped (SIGTERM stops both servers).
 */
public final class SmokeBackends {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        DemoPostgres pg = DemoPostgres.start(dir.resolve("postgres"));
        DemoDirectory ldap = DemoDirectory.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ldap.close();
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("smoke backends: PostgreSQL did not stop: " + e);
            }
            stopped.countDown();
        }));
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String adminPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try (Connection c = pg.superuser("postgres"); Statement s = c.createStatement()) {
            // the provisioning role as installer/README.md and the admin guide set it up
            s.execute("CREATE ROLE rolegate_admin LOGIN CREATEROLE PASSWORD '" + adminPassword + "'");
            s.execute("GRANT pg_signal_backend TO rolegate_admin");
            for (String role : List.of("dba_role", "analyst_role")) {
                s.execute("CREATE ROLE " + role + " NOLOGIN");
                s.execute("GRANT " + role + " TO rolegate_admin WITH ADMIN OPTION");
            }
            s.execute("CREATE DATABASE reporting"); // the sample limits analysts to it
        }
        Path env = dir.resolve("backends.env");
        Path partial = Files.createTempFile(dir, "backends", ".partial"); // owner-only
        Files.write(partial, List.of(
                "UPSTREAM_PORT=" + pg.port(),
                "LDAP_URL='" + ldap.url() + "'",
                "ROLEGATE_LDAP_PASSWORD='" + ldap.servicePassword() + "'",
                "ROLEGATE_ADMIN_PASSWORD='" + adminPassword + "'",
                "ALICE_PASSWORD='" + ldap.password("alice") + "'",
                "BOB_PASSWORD='" + ldap.password("bob") + "'",
                "DAVE_PASSWORD='" + ldap.password("dave") + "'"));
        Files.move(partial, env, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("smoke backends: PostgreSQL on " + pg.port() + ", directory at " + ldap.url());
        stopped.await();
    }
}
