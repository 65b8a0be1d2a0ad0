import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldif.LDIFReader;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Directory-auth connect benchmark helper (bench/connect). Run with the proxy jar on the class path (UnboundID).
 *
 * <pre>
 * java -cp rolegate-proxy.jar ConnectBench.java ldap PORT USERS            in-memory directory, prints READY, runs until killed
 * java -cp rolegate-proxy.jar ConnectBench.java seed PORT ROOTDN ROOTPW BASE_LDIF USERS   fill a real slapd
 * java -cp rolegate-proxy.jar ConnectBench.java connect PORT DB USERS CLIENTS LABEL [tls|plain]
 *              one pass of logins; plain (no SSLRequest) only against PostgreSQL itself, for the floor rows
 * java -cp rolegate-proxy.jar ConnectBench.java relay PORT DB USERS SESSIONS SECONDS RATE PGPORT  relay latency,
 *              alone and during a login storm of RATE connects/s, through the proxy and (control) straight to PGPORT
 * </pre>
 *
 * Users are u00001.., each in cn=team, which is in cn=bench (mapped to a role); their throw-away passwords follow
 * from the name and are never printed. A connect is:
 * TCP, SSLRequest, TLS handshake, StartupMessage, cleartext password, wait for ReadyForQuery, Terminate.
 */
public final class ConnectBench {
    static final String BASE = "dc=example,dc=org";
    static final String PEOPLE = "ou=people," + BASE;
    static final String GROUPS = "ou=groups," + BASE;
    private static final int TIMEOUT_MS = 30_000;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "ldap" -> inMemory(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "seed" -> seed(Integer.parseInt(args[1]), args[2], args[3], args[4], Integer.parseInt(args[5]));
            case "connect" -> connect(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), args[5], transport(args.length > 6 ? args[6] : "tls"));
            case "storm" -> storm(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), args[5], transport(args.length > 6 ? args[6] : "tls"));
            case "relay" -> RelayDuringStorm.run(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                    Integer.parseInt(args[7]));
            default -> {
                System.err.println("usage: ldap PORT USERS | seed PORT ROOTDN ROOTPW LDIF USERS"
                        + " | connect PORT DB USERS CLIENTS LABEL [tls|plain] | storm PORT DB USERS CLIENTS LABEL [tls|plain] | relay PORT DB USERS SESSIONS SECONDS RATE PGPORT");
                System.exit(2);
            }
        }
    }

    static String name(int i) {
        return String.format("u%05d", i);
    }

    static String password(String user) {
        return "pw-" + user;
    }

    /** Skeleton, service account, users and the two groups; memberOf written by hand where no overlay keeps it. */
    static void fill(LDAPInterface ldap, int users, boolean writeMemberOf) throws Exception {
        String team = "cn=team," + GROUPS;
        String bench = "cn=bench," + GROUPS;
        for (int i = 1; i <= users; i++) {
            List<String> entry = new ArrayList<>(List.of("dn: uid=" + name(i) + "," + PEOPLE,
                    "objectClass: inetOrgPerson", "uid: " + name(i), "cn: " + name(i), "sn: " + name(i),
                    "userPassword: " + password(name(i))));
            if (writeMemberOf) {
                entry.add("memberOf: " + team);
            }
            ldap.add(entry.toArray(String[]::new));
        }
        List<String> teamEntry = new ArrayList<>(List.of("dn: " + team, "objectClass: groupOfNames", "cn: team"));
        for (int i = 1; i <= users; i++) {
            teamEntry.add("member: uid=" + name(i) + "," + PEOPLE);
        }
        if (writeMemberOf) {
            teamEntry.add("memberOf: " + bench);
        }
        ldap.add(teamEntry.toArray(String[]::new));
        ldap.add("dn: " + bench, "objectClass: groupOfNames", "cn: bench", "member: " + team);
    }

    static void inMemory(int port, int users) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                InetAddress.getLoopbackAddress(), port, null));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: example");
        for (String ou : List.of("people", "groups", "service")) {
            server.add("dn: ou=" + ou + "," + BASE, "objectClass: organizationalUnit", "ou: " + ou);
        }
        server.add("dn: cn=rolegate,ou=service," + BASE, "objectClass: person", "cn: rolegate", "sn: service",
                "userPassword: service-pw");
        fill(server, users, true);
        server.startListening();
        System.out.println("READY " + server.getListenPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static void seed(int port, String rootDn, String rootPw, String ldif, int users) throws Exception {
        try (LDAPConnection admin = new LDAPConnection("127.0.0.1", port);
             LDIFReader reader = new LDIFReader(ldif)) {
            admin.bind(rootDn, rootPw);
            for (Entry e = reader.readEntry(); e != null; e = reader.readEntry()) {
                admin.add(e);
            }
            fill(admin, users, false);
        }
        System.out.println("SEEDED " + users);
    }

    /** {@code tls} (SSLRequest + handshake, as every proxy connect) or {@code plain}: null means no TLS. */
    static SSLContext transport(String mode) throws Exception {
        return switch (mode) {
            case "tls" -> trustAll();
            case "plain" -> null;
            default -> throw new IllegalArgumentException("connect transport must be tls or plain, not " + mode);
        };
    }

    /**
     * Every user logs in once; CLIENTS threads share the users. Prints one line of figures: the mean as well as
     * the percentiles, so the row compares with pgbench's mean "average connection time".
     */
    static void connect(int port, String db, int users, int clients, String label, SSLContext tls)
            throws Exception {
        long[] micros = new long[users];
        AtomicInteger next = new AtomicInteger(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i <= users; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    login(tls, port, db, name(i));
                    micros[i - 1] = (System.nanoTime() - t0) / 1_000;
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow(); // a failed login must end the run, not leave the other clients' threads holding the JVM
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(micros);
        double meanMs = Arrays.stream(micros).average().orElseThrow() / 1000.0;
        System.out.printf("%s connects=%d clients=%d per_s=%.0f mean_ms=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                label, users, clients, users / seconds, meanMs, micros[users / 2] / 1000.0,
                micros[Math.min(users - 1, (int) Math.ceil(users * 0.99) - 1)] / 1000.0, micros[users - 1] / 1000.0);
    }

    /**
     * A login storm: CLIENTS clients start together and share the USERS logins. A login refused with 53300 ("server
     * busy, retry in N s") is tried again after N s, as a connection pool would; any other failure is counted and
     * the login given up. Latency is from a login's first attempt to its ReadyForQuery (waits for retries
     * included), over the logins that landed.
     */
    static void storm(int port, String db, int users, int clients, String label, SSLContext tls) throws Exception {
        long[] micros = new long[users];
        AtomicInteger next = new AtomicInteger(1);
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            done.add(pool.submit(() -> {
                go.await();
                for (int i = next.getAndIncrement(); i <= users; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    micros[i - 1] = -1;
                    for (int attempt = 0; attempt < 30; attempt++) {
                        try {
                            login(tls, port, db, name(i));
                            micros[i - 1] = (System.nanoTime() - t0) / 1_000;
                            break;
                        } catch (IOException e) {
                            java.util.regex.Matcher retry = java.util.regex.Pattern
                                    .compile("C53300 .*retry in (\\d+) s").matcher(String.valueOf(e.getMessage()));
                            if (!retry.find()) {
                                failed.incrementAndGet();
                                System.err.println(name(i) + ": " + e.getMessage());
                                break;
                            }
                            busy.incrementAndGet();
                            Thread.sleep(1000L * Integer.parseInt(retry.group(1)));
                        }
                    }
                }
                return null;
            }));
        }
        long started = System.nanoTime();
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long[] landed = Arrays.stream(micros).filter(m -> m >= 0).sorted().toArray();
        int n = landed.length;
        if (n == 0) {
            throw new IllegalStateException("no login of the storm landed");
        }
        System.out.printf("%s connects=%d clients=%d per_s=%.0f mean_ms=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
                        + " busy=%d failed=%d%n", label, n, clients, n / seconds,
                Arrays.stream(landed).average().orElseThrow() / 1000.0, landed[n / 2] / 1000.0,
                landed[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1000.0, landed[n - 1] / 1000.0,
                busy.get(), failed.get());
    }

    static SSLContext trustAll() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[]{new TrustAll()}, null);
        return tls;
    }

    static void login(SSLContext tls, int port, String db, String user) throws IOException {
        open(tls, port, db, user).close();
    }

    /**
     * A session logged in as {@code user}, at its first ReadyForQuery; the caller closes it (Terminate). TLS when
     * {@code tls} is set (the proxy, or PostgreSQL with ssl on), plain TCP otherwise (PostgreSQL itself, trust).
     */
    static BenchSession open(SSLContext tls, int port, String db, String user) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            plain.setSoTimeout(TIMEOUT_MS);
            plain.setTcpNoDelay(true);
            Socket s = plain;
            if (tls != null) {
                plain.getOutputStream().write(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array());
                int answer = plain.getInputStream().read();
                if (answer != 'S') {
                    throw new IOException("server refused TLS (answer " + answer + ")");
                }
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
                ssl.startHandshake();
                s = ssl;
            }
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] params = ("user\0" + user + "\0database\0" + db + "\0\0").getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(8 + params.length).putInt(8 + params.length).putInt(196608).put(params)
                    .array());
            out.flush();
            while (true) {
                int type = in.read();
                if (type < 0) {
                    throw new EOFException("proxy closed the connection during startup of " + user);
                }
                byte[] body = new byte[in.readInt() - 4];
                in.readFully(body);
                if (type == 'R' && ByteBuffer.wrap(body).getInt() == 3) {
                    byte[] pw = (password(user) + "\0").getBytes(StandardCharsets.UTF_8);
                    out.write(ByteBuffer.allocate(5 + pw.length).put((byte) 'p').putInt(4 + pw.length).put(pw)
                            .array());
                    out.flush();
                } else if (type == 'E') {
                    throw new IOException("login of " + user + " refused: "
                            + new String(body, StandardCharsets.UTF_8).replace('\0', ' '));
                } else if (type == 'Z') {
                    return new BenchSession(s, in, out);
                }
            }
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** An open, idle session: {@link #query} runs one simple query to its ReadyForQuery. */
    record BenchSession(Socket socket, DataInputStream in, OutputStream out) implements AutoCloseable {
        private static final byte[] SELECT_1 = simpleQuery("select 1");

        static byte[] simpleQuery(String sql) {
            byte[] text = (sql + "\0").getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(5 + text.length).put((byte) 'Q').putInt(4 + text.length).put(text).array();
        }

        void query() throws IOException {
            out.write(SELECT_1);
            out.flush();
            while (true) {
                int type = in.read();
                if (type < 0) {
                    throw new EOFException("proxy closed a relay session");
                }
                byte[] body = new byte[in.readInt() - 4];
                in.readFully(body);
                if (type == 'E') {
                    throw new IOException("query failed: " + new String(body, StandardCharsets.UTF_8));
                }
                if (type == 'Z') {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.write(new byte[]{'X', 0, 0, 0, 4});
                out.flush();
            } finally {
                socket.close();
            }
        }
    }

    /** The proxy's certificate is self-signed and generated at start: the benchmark does not verify it. */
    static final class TrustAll implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

/**
 * The "no event-loop stall" check: SESSIONS already-open sessions run {@code select 1} back to back, first alone
 * for SECONDS, then for SECONDS more while a login storm opens RATE new directory-auth connects per second (open
 * loop, paced; at most MAX_IN_FLIGHT under way, a tick with none free counts as not started). The same number of
 * sessions straight to PostgreSQL is measured after each proxy phase, as the control: what the storm costs the
 * machine, not the proxy. Prints one line per phase: round-trip percentiles over every query of every session,
 * and for the storm phases what the storm achieved so far.
 */
final class RelayDuringStorm {
    private static final int MAX_IN_FLIGHT = 16;

    static void run(int port, String db, int users, int sessions, int seconds, int rate, int pgPort)
            throws Exception {
        SSLContext tls = ConnectBench.trustAll();
        List<ConnectBench.BenchSession> proxied = new ArrayList<>();
        List<ConnectBench.BenchSession> direct = new ArrayList<>();
        for (int i = 1; i <= sessions; i++) {
            proxied.add(ConnectBench.open(tls, port, db, ConnectBench.name(i)));
            direct.add(ConnectBench.open(null, pgPort, db, "postgres"));
        }
        try {
            queries(proxied, 2); // warm-up, not counted
            queries(direct, 2);
            print("proxy-alone", queries(proxied, seconds), seconds, "");
            print("direct-alone", queries(direct, seconds), seconds, "");
            Storm storm = new Storm(tls, port, db, sessions + 1, users, rate);
            Thread pacer = new Thread(storm::pace, "storm");
            pacer.setDaemon(true);
            pacer.start();
            try {
                print("proxy-storm", queries(proxied, seconds), seconds, storm.summary());
                print("direct-storm", queries(direct, seconds), seconds, storm.summary());
            } finally { // a failed phase must not leave a storm running against whatever next listens on the port
                storm.stop = true;
                pacer.join();
                storm.connectors.shutdownNow();
                storm.connectors.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            if (storm.firstFailure != null) {
                System.err.println("first failed storm connect: " + storm.firstFailure);
            }
        } finally {
            for (ConnectBench.BenchSession s : proxied) {
                s.close();
            }
            for (ConnectBench.BenchSession s : direct) {
                s.close();
            }
        }
    }

    /** Every session queries in its own thread for {@code seconds}; all round trips in microseconds, sorted. */
    private static long[] queries(List<ConnectBench.BenchSession> sessions, int seconds) throws Exception {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(sessions.size());
        List<Future<long[]>> results = new ArrayList<>();
        for (ConnectBench.BenchSession s : sessions) {
            results.add(pool.submit(() -> {
                long[] micros = new long[1024];
                int n = 0;
                while (System.nanoTime() < until) {
                    long t0 = System.nanoTime();
                    s.query();
                    if (n == micros.length) {
                        micros = Arrays.copyOf(micros, n * 2);
                    }
                    micros[n++] = (System.nanoTime() - t0) / 1_000;
                }
                return Arrays.copyOf(micros, n);
            }));
        }
        long[] all = new long[0];
        try {
            for (Future<long[]> f : results) {
                long[] part = f.get();
                int at = all.length;
                all = Arrays.copyOf(all, at + part.length);
                System.arraycopy(part, 0, all, at, part.length);
            }
        } finally {
            pool.shutdownNow();
        }
        Arrays.sort(all);
        return all;
    }

    private static void print(String phase, long[] micros, int seconds, String extra) {
        int n = micros.length;
        System.out.printf("%s sessions_queries=%d queries_per_s=%.0f p50_us=%d p99_us=%d p999_us=%d max_us=%d%s%n",
                phase, n, n / (double) seconds, micros[n / 2], micros[Math.min(n - 1, (int) (n * 0.99))],
                micros[Math.min(n - 1, (int) (n * 0.999))], micros[n - 1], extra);
    }

    /** Paced logins by users first..last in turn, each a full TLS directory login and Terminate. */
    private static final class Storm {
        final ExecutorService connectors = Executors.newFixedThreadPool(MAX_IN_FLIGHT, r -> {
            Thread t = new Thread(r, "storm-connect");
            t.setDaemon(true);
            return t;
        });
        final java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger notStarted = new AtomicInteger();
        final SSLContext tls;
        final int port;
        final String db;
        final int first;
        final int last;
        final long periodNanos;
        volatile boolean stop;
        volatile String firstFailure;
        private volatile long started;
        private final int rate;

        Storm(SSLContext tls, int port, String db, int first, int last, int rate) {
            this.tls = tls;
            this.port = port;
            this.db = db;
            this.first = first;
            this.last = last;
            this.periodNanos = 1_000_000_000L / rate;
            this.rate = rate;
            this.started = System.nanoTime();
        }

        /** The storm so far, for the phase line. */
        String summary() {
            double seconds = (System.nanoTime() - started) / 1e9;
            return String.format(" target_per_s=%d achieved_per_s=%.0f failed=%d not_started=%d", rate,
                    done.get() / seconds, failed.get(), notStarted.get());
        }

        void pace() {
            started = System.nanoTime();
            long next = started;
            int user = first;
            while (!stop) {
                if (slots.tryAcquire()) {
                    String name = ConnectBench.name(user);
                    connectors.execute(() -> {
                        try {
                            ConnectBench.login(tls, port, db, name);
                            done.incrementAndGet();
                        } catch (IOException | RuntimeException e) {
                            failed.incrementAndGet();
                            if (firstFailure == null) {
                                firstFailure = e.toString();
                            }
                        } finally {
                            slots.release();
                        }
                    });
                } else {
                    notStarted.incrementAndGet();
                }
                user = user == last ? first : user + 1;
                next += periodNanos;
                java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
            }
        }
    }
}
