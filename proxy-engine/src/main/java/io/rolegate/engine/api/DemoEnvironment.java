package io.rolegate.engine.api;

import io.rolegate.engine.demo.DemoDirectory;
import io.rolegate.engine.demo.DemoPostgres;
import io.rolegate.engine.demo.Passwords;
import io.rolegate.engine.demo.StaleDemos;
import io.rolegate.engine.config.AccessConfig;
import io.rolegate.engine.config.AuthConfig;
import io.rolegate.engine.config.AuthMode;
import io.rolegate.engine.config.ConsoleConfig;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.ListenTlsConfig;
import io.rolegate.engine.config.ListenTlsMode;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamAdminConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.directory.DirectoryFlavour;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.policy.GroupRule;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.policy.PolicyRules;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Everything the demo runs, for the headless {@code demo} command and the console's {@code --demo}: a real
 * embedded PostgreSQL with a sample {@code sales} database and three group roles, an in-memory directory with a
 * small company (nested groups, a locked account, a user in no mapped group), and the engine in directory mode
 * with TLS on a free loopback port. All files live in one temporary directory, removed on close.
 */
public final class DemoEnvironment implements AutoCloseable {
    public static final String DATABASE = "sales";
    public static final String ADMIN = "rolegate_admin";

    /** Who can try what, and what they should see. */
    public record DemoLogin(String user, String password, String expect) {
        @Override
        public String toString() {
            return "DemoLogin[" + user + "]"; // never the password
        }
    }

    private final Path dir;
    private final DemoPostgres postgres;
    private final DemoDirectory directory;
    private final Engine engine;

    private DemoEnvironment(Path dir, DemoPostgres postgres, DemoDirectory directory, Engine engine) {
        this.dir = dir;
        this.postgres = postgres;
        this.directory = directory;
        this.engine = engine;
    }

    /** Starts it all; blocking (a few seconds): call off any UI thread. */
    public static DemoEnvironment start() throws Exception {
        Path dir = Files.createTempDirectory(StaleDemos.PREFIX);
        StaleDemos.sweep(dir.getParent(), java.time.Instant.now());
        DemoPostgres pg = DemoPostgres.start(dir.resolve("postgres"));
        DemoDirectory ldap = null;
        try {
            String adminPassword = Passwords.random(20);
            createSampleDatabase(pg, adminPassword);
            ldap = DemoDirectory.start();
            Engine engine = new Engine(config(pg, ldap, adminPassword), dir.resolve("engine"));
            engine.start();
            return new DemoEnvironment(dir, pg, ldap, engine);
        } catch (Exception e) {
            if (ldap != null) {
                ldap.close();
            }
            pg.close();
            throw e;
        }
    }

    static RolegateConfig config(DemoPostgres pg, DemoDirectory ldap, String adminPassword) {
        DirectorySettings directory = DirectorySettings.builder(DirectoryFlavour.GENERIC)
                .urls(ldap.url())
                .bind(DemoDirectory.SERVICE_DN, Secret.of(ldap.servicePassword()))
                .userBase(DemoDirectory.PEOPLE)
                .groupBase(DemoDirectory.GROUPS)
                .build();
        List<Mapping> mappings = List.of(
                new Mapping(DemoDirectory.groupDn("dba"), Set.of("dba_role")),
                new Mapping(DemoDirectory.groupDn("analysts"), Set.of("analyst_role")),
                new Mapping(DemoDirectory.groupDn("readers"), Set.of("readonly_role")));
        PolicyRules policies = PolicyRules.none().withGroupRules(List.of(new GroupRule(
                DemoDirectory.groupDn("readers"), Set.of(), Map.of("default_transaction_read_only", "on"))));
        return RolegateConfig.defaults()
                .withListen(new ListenConfig("127.0.0.1", 0, new ListenTlsConfig(ListenTlsMode.OPTIONAL, null, null,
                        true), false))
                .withUpstream(new UpstreamConfig(pg.host(), pg.port(), UpstreamTlsMode.DISABLE, null)
                        .withAdmin(new UpstreamAdminConfig(ADMIN, Secret.of(adminPassword), "postgres")))
                .withAuth(new AuthConfig(AuthMode.DIRECTORY))
                .withDirectory(directory)
                .withAccess(new AccessConfig(mappings, policies))
                // alice (dba via data-team) administers from the console; carol (readers) may only look; alice is in
                // auditors too (may trace sessions): in a real company the security team, not the DBAs
                .withConsole(new ConsoleConfig(DemoDirectory.groupDn("dba"), DemoDirectory.groupDn("readers"),
                        DemoDirectory.groupDn("auditors")));
    }

    private static void createSampleDatabase(DemoPostgres pg, String adminPassword) throws Exception {
        try (Connection c = pg.superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ADMIN + " LOGIN CREATEROLE PASSWORD '" + adminPassword + "'");
            s.execute("GRANT pg_signal_backend TO " + ADMIN);
            // the monitoring connection reads every session's pg_stat_activity row (the console's Sessions view)
            s.execute("GRANT pg_monitor TO " + ADMIN);
            for (String role : List.of("dba_role", "analyst_role", "readonly_role")) {
                s.execute("CREATE ROLE " + role + " NOLOGIN");
                s.execute("GRANT " + role + " TO " + ADMIN + " WITH ADMIN OPTION");
            }
            s.execute("CREATE DATABASE " + DATABASE);
        }
        try (Connection c = pg.superuser(DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL, "
                    + "amount numeric(10,2) NOT NULL, placed_at timestamptz NOT NULL DEFAULT now())");
            s.execute("INSERT INTO orders (customer, amount, placed_at) "
                    + "SELECT 'customer ' || (g % 40), round((random() * 500)::numeric, 2), "
                    + "now() - g * interval '17 minutes' FROM generate_series(1, 500) g");
            s.execute("GRANT ALL ON orders TO dba_role");
            s.execute("GRANT USAGE ON SEQUENCE orders_id_seq TO dba_role");
            s.execute("GRANT SELECT ON orders TO analyst_role, readonly_role");
            // PostgreSQL before 15 lets every role create tables in public: then carol's read-only sessions would
            // be a setting she can SET away. What keeps her from writing is what her roles may do, so the demo
            // database is set up as PostgreSQL 15 does, and only the DBAs create.
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            s.execute("GRANT CREATE ON SCHEMA public TO dba_role");
        }
    }

    public Engine engine() {
        return engine;
    }

    public DemoDirectory directory() {
        return directory;
    }

    public DemoPostgres postgres() {
        return postgres;
    }

    /** The demo's people, in the order worth trying them. */
    public List<DemoLogin> logins() {
        return List.of(
                new DemoLogin("alice", directory.password("alice"), "dba_role (dba via data-team)"),
                new DemoLogin("bob", directory.password("bob"), "analyst_role"),
                new DemoLogin("carol", directory.password("carol"), "readonly_role: reads orders, writes nothing; sessions start read-only"),
                new DemoLogin("dave", directory.password("dave"), "refused: interns is mapped to no role (28000)"),
                new DemoLogin("erin", directory.password("erin"), "refused: account locked (28000)"));
    }

    /** A ready-to-paste psql line for one demo user, password included (TLS, as directory logins require). */
    public String psqlCommand(DemoLogin login) {
        InetSocketAddress at = engine.listenAddress();
        return "PGPASSWORD='" + login.password() + "' psql \"host=" + at.getHostString() + " port=" + at.getPort()
                + " user=" + login.user() + " dbname=" + DATABASE + " sslmode=require application_name=psql-demo\"";
    }

    /** Stops the engine (sessions get 57P01), the directory, PostgreSQL, and removes the files. Blocking. */
    @Override
    public void close() throws IOException {
        engine.stop(Duration.ofSeconds(2));
        directory.close();
        postgres.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
