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
 * java -cp rolegate-proxy.jar ConnectBench.java connect PORT DB USERS CLIENTS LABEL       one pass of TLS logins
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
                    Integer.parseInt(args[4]), args[5]);
            default -> {
                System.err.println("usage: ldap PORT USERS | seed PORT ROOTDN ROOTPW LDIF USERS"
                        + " | connect PORT DB USERS CLIENTS LABEL");
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

    /** Every user logs in once; CLIENTS threads share the users. Prints one line of figures. */
    static void connect(int port, String db, int users, int clients, String label) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[]{new TrustAll()}, null);
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
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        Arrays.sort(micros);
        System.out.printf("%s connects=%d clients=%d per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n", label, users,
                clients, users / seconds, micros[users / 2] / 1000.0,
                micros[Math.min(users - 1, (int) Math.ceil(users * 0.99) - 1)] / 1000.0, micros[users - 1] / 1000.0);
    }

    static void login(SSLContext tls, int port, String db, String user) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            plain.setSoTimeout(TIMEOUT_MS);
            plain.setTcpNoDelay(true);
            plain.getOutputStream().write(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array());
            int answer = plain.getInputStream().read();
            if (answer != 'S') {
                throw new IOException("proxy refused TLS (answer " + answer + ")");
            }
            try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
                s.startHandshake();
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
                        out.write(new byte[]{'X', 0, 0, 0, 4});
                        out.flush();
                        return;
                    }
                }
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
