import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldif.LDIFReader;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Revocation benchmark helper (bench/revocation). Run with the proxy jar on the class path (UnboundID, pgjdbc).
 *
 * <pre>
 * java -cp rolegate-proxy.jar RevocationBench.java seed LDAP_PORT ROOTPW BASE_LDIF USERS
 * java -cp rolegate-proxy.jar RevocationBench.java logins RG_PORTS DB FIRST COUNT
 * java -cp rolegate-proxy.jar RevocationBench.java trials RG_PORTS DB LDAP_PORT ROOTPW FIRST COUNT lock|group LABEL JITTER_MS
 * </pre>
 * RG_PORTS: one proxy port, or several separated by commas (engines of one fleet on a shared store): the user then
 * holds one busy session on each, and a trial lasts until the last of them got its 57P01.
 *
 * Users r00001.. are each in cn=rv-team, which is nested in cn=rv-access (mapped to a role); their throw-away
 * passwords follow from the name and are never printed. A trial: one user logs in through the proxy (pgjdbc, TLS)
 * and runs {@code select 1} back to back; the directory write ("lock": ppolicy's pwdAccountLockedTime on the user;
 * "group": the user taken out of cn=rv-team) is timed from the moment the LDAP modify returns to the moment the
 * client gets SQLSTATE 57P01. Below zero: the session ended before the modify's response reached the writer.
 * Before each write a random pause of up to JITTER_MS: a trial starts right after the previous revocation, so
 * without it every write would land at the same point of a polling watcher's cycle.
 */
public final class RevocationBench {
    static final String BASE = "dc=example,dc=org";
    static final String ROOT_DN = "cn=admin," + BASE;
    static final String TEAM = "cn=rv-team,ou=groups," + BASE;
    static final String ACCESS = "cn=rv-access,ou=groups," + BASE;
    private static final long TRIAL_LIMIT_S = 30;
    /** Sessions ended by PostgreSQL's own 57P01 (a backend terminated) rather than the proxy's revocation message. */
    private static final java.util.concurrent.atomic.AtomicInteger BY_SERVER = new java.util.concurrent.atomic.AtomicInteger();

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "seed" -> seed(Integer.parseInt(args[1]), args[2], args[3], Integer.parseInt(args[4]));
            case "logins" -> logins(ports(args[1])[0], args[2], Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "trials" -> trials(ports(args[1]), args[2], Integer.parseInt(args[3]), args[4],
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]), args[7], args[8], Integer.parseInt(args[9]));
            default -> {
                System.err.println("usage: seed LDAP_PORT ROOTPW LDIF USERS | logins RG_PORT DB FIRST COUNT"
                        + " | trials RG_PORT DB LDAP_PORT ROOTPW FIRST COUNT lock|group LABEL JITTER_MS");
                System.exit(2);
            }
        }
    }

    static int[] ports(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    static String user(int i) {
        return String.format("r%05d", i);
    }

    static String dn(String user) {
        return "uid=" + user + ",ou=people," + BASE;
    }

    static LDAPConnection admin(int port, String rootPw) throws Exception {
        LDAPConnection admin = new LDAPConnection("127.0.0.1", port);
        admin.bind(ROOT_DN, rootPw);
        return admin;
    }

    /** The skeleton from the test LDIF, the users, cn=rv-team with all of them, and cn=rv-access above it. */
    static void seed(int port, String rootPw, String ldif, int users) throws Exception {
        try (LDAPConnection admin = admin(port, rootPw); LDIFReader skeleton = new LDIFReader(ldif)) {
            for (Entry e = skeleton.readEntry(); e != null; e = skeleton.readEntry()) {
                admin.add(e);
            }
            List<String> team = new ArrayList<>(List.of("dn: " + TEAM, "objectClass: groupOfNames", "cn: rv-team"));
            for (int i = 1; i <= users; i++) {
                String u = user(i);
                admin.add("dn: " + dn(u), "objectClass: inetOrgPerson", "uid: " + u, "cn: " + u, "sn: " + u,
                        "userPassword: " + password(u));
                team.add("member: " + dn(u));
            }
            admin.add(team.toArray(String[]::new));
            admin.add("dn: " + ACCESS, "objectClass: groupOfNames", "cn: rv-access", "member: " + TEAM);
        }
        System.out.println("SEEDED " + users);
    }

    static String password(String user) {
        return "rv-pw-" + user;
    }

    static Connection login(int port, String db, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password(user));
        p.setProperty("sslmode", "require"); // the proxy's self-signed certificate: encrypted, not verified
        p.setProperty("loginTimeout", "30");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + db, p);
    }

    /** Users who log in once and leave: their managed roles exist, so a group change re-decides them too. */
    static void logins(int port, String db, int first, int count) throws Exception {
        for (int i = first; i < first + count; i++) {
            login(port, db, user(i)).close();
        }
        System.out.println("LOGGED_IN " + count);
    }

    static void trials(int[] ports, String db, int ldapPort, String rootPw, int first, int count, String change,
                       String label, int jitterMs) throws Exception {
        long[] micros = new long[count];
        ExecutorService loops = Executors.newFixedThreadPool(ports.length);
        try (LDAPConnection admin = admin(ldapPort, rootPw)) {
            for (int k = 0; k < count; k++) {
                micros[k] = trial(loops, admin, ports, db, user(first + k), change, jitterMs);
            }
        } finally {
            loops.shutdownNow();
        }
        Arrays.sort(micros);
        int n = micros.length;
        System.out.printf("%s change=%s trials=%d min_ms=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f by_server=%d%n", label,
                change, n, micros[0] / 1000.0, micros[n / 2] / 1000.0,
                micros[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1000.0, micros[n - 1] / 1000.0, BY_SERVER.get());
    }

    static long trial(ExecutorService loops, LDAPConnection admin, int[] ports, String db, String user, String change,
                      int jitterMs) throws Exception {
        List<Connection> sessions = new ArrayList<>();
        try {
            for (int port : ports) {
                sessions.add(login(port, db, user));
            }
            List<Future<Long>> ended = new ArrayList<>();
            for (Connection session : sessions) {
                ended.add(loops.submit(() -> queryUntilRevoked(session, user)));
            }
            // a few round trips, so the sessions are busy when the change lands; then a random point of a poll cycle
            Thread.sleep(50 + (jitterMs > 0 ? java.util.concurrent.ThreadLocalRandom.current().nextInt(jitterMs) : 0));
            for (Future<Long> f : ended) {
                if (f.isDone()) {
                    f.get();
                    throw new IllegalStateException("a session of " + user + " ended before the change");
                }
            }
            switch (change) {
                case "lock" -> admin.modify(dn(user), new Modification(ModificationType.REPLACE,
                        "pwdAccountLockedTime", "000001010000Z"));
                case "group" -> admin.modify(TEAM, new Modification(ModificationType.DELETE, "member", dn(user)));
                default -> throw new IllegalArgumentException("change must be lock or group, not " + change);
            }
            long modified = System.nanoTime();
            long last = Long.MIN_VALUE;
            for (Future<Long> f : ended) {
                last = Math.max(last, f.get(TRIAL_LIMIT_S, TimeUnit.SECONDS));
            }
            return (last - modified) / 1_000;
        } finally {
            for (Connection c : sessions) {
                c.close();
            }
        }
    }

    /** When the session's query failed with the revocation; any other failure ends the benchmark. */
    static long queryUntilRevoked(Connection session, String user) throws SQLException {
        try (Statement s = session.createStatement()) {
            while (true) {
                try {
                    s.execute("select 1");
                } catch (PSQLException e) {
                    long at = System.nanoTime();
                    if (!"57P01".equals(e.getSQLState())) {
                        throw new SQLException("unexpected error for " + user + ": " + e.getMessage(), e);
                    }
                    if (!e.getMessage().contains("access revoked by the directory")) {
                        // in a fleet the node that ran the change's SQL ended the role's backends everywhere
                        // (pg_terminate_backend) before this session's own node ended it: counted, not hidden
                        BY_SERVER.incrementAndGet();
                    }
                    return at;
                }
            }
        }
    }
}
