package io.rolegate.engine.testbed;

import io.rolegate.engine.config.AccessConfig;
import io.rolegate.engine.config.AuthConfig;
import io.rolegate.engine.config.AuthMode;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.ListenTlsConfig;
import io.rolegate.engine.config.ListenTlsMode;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamAdminConfig;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.policy.GroupRule;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.policy.PolicyRules;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/** A proxy in directory mode over {@link TestDirectory} and {@link TestPostgres}, and what tests ask of it. */
public final class DirectoryProxies {
    /** dba ← data-team ← alice; analysts ← bob; readers ← analysts; cycle-a ← judy. */
    public static final List<Mapping> MAPPINGS = List.of(
            new Mapping(TestDirectory.groupDn("dba"), Set.of("dba_role")),
            new Mapping(TestDirectory.groupDn("analysts"), Set.of("analyst_role")),
            new Mapping(TestDirectory.groupDn("readers"), Set.of("readonly_role")),
            new Mapping(TestDirectory.groupDn("cycle-a"), Set.of("readonly_role")));

    private DirectoryProxies() {
    }

    /** Directory auth, optional TLS with a self-signed certificate, readers get read-only sessions. */
    public static UnaryOperator<RolegateConfig> directoryMode(TestDirectory directory, List<Mapping> mappings,
                                                              boolean cleartextOnLoopback) {
        PolicyRules policies = PolicyRules.none().withGroupRules(List.of(new GroupRule(
                TestDirectory.groupDn("readers"), Set.of(), Map.of("default_transaction_read_only", "on"))));
        return directoryMode(directory.settings().build(), new AccessConfig(mappings, policies), cleartextOnLoopback);
    }

    /** Directory auth against any directory server's settings, TLS optional (clients use it), no policies. */
    public static UnaryOperator<RolegateConfig> directoryMode(DirectorySettings directory, List<Mapping> mappings) {
        return directoryMode(directory, new AccessConfig(mappings, PolicyRules.none()), false);
    }

    private static UnaryOperator<RolegateConfig> directoryMode(DirectorySettings directory, AccessConfig access,
                                                               boolean cleartextOnLoopback) {
        return c -> c
                .withListen(new ListenConfig("127.0.0.1", 0, new ListenTlsConfig(ListenTlsMode.OPTIONAL, null, null,
                        true), cleartextOnLoopback))
                .withUpstream(c.upstream().withAdmin(new UpstreamAdminConfig(TestPostgres.ADMIN_USER,
                        Secret.of(TestPostgres.PASSWORD), "postgres")))
                .withAuth(new AuthConfig(AuthMode.DIRECTORY))
                .withDirectory(directory)
                .withAccess(access);
    }

    public static Properties tls() {
        Properties p = new Properties();
        p.setProperty("sslmode", "require");
        return p;
    }

    public static Connection login(TestProxy through, String user, String password) throws Exception {
        return through.connect(user, password, tls());
    }

    /** The roles the current user is a direct member of. */
    public static Set<String> roles(Connection c) throws Exception {
        Set<String> out = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select g.rolname from pg_auth_members m"
                + " join pg_roles g on g.oid = m.roleid where m.member = (select oid from pg_roles where rolname ="
                + " current_user)")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public static String one(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * psql as {@code user} with the directory password, over TLS to {@code host} (an IPv6 literal such as ::1 makes
     * the client come from ::1), running {@code sql}; its output, or an AssertionError with it if psql failed.
     */
    public static String psql(String host, int port, String user, String sql) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-At", "-c", sql, "host=" + host + " port=" + port
                + " user=" + user + " dbname=" + TestPostgres.DATABASE + " sslmode=require")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("PGPASSWORD", TestDirectory.password(user));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("psql as " + user + " to " + host + ":" + port + " failed:\n" + out);
        }
        return out.strip();
    }
}
