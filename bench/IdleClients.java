import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Holds many idle client connections open against a PostgreSQL-protocol endpoint, for memory measurements.
 *
 * <pre>
 * java IdleClients.java MODE HOST PORT COUNT HOLD_SECONDS [USER DATABASE]
 *   MODE session : full startup (StartupMessage, trust auth) until ReadyForQuery, then idle
 *   MODE connect : TCP connect only, no byte sent (a client that has not finished startup)
 * </pre>
 *
 * Every connection comes from one address: against Rolegate, set {@code limits.maxPendingPerSource} above COUNT
 * (bench/run does), or the proxy refuses the excess with 53300 — which connect mode, reading nothing, would not see.

 *
 * Prints "READY n" on stdout once every connection is open, then holds them for HOLD_SECONDS (or until killed)
 * and exits; the JVM's exit closes every socket. Any failure is printed and ends the program with status 1.
 */
public final class IdleClients {
    private static final int PROTOCOL_3_0 = 196608;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 30_000;
    private static final int OPENERS = 8;

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: java IdleClients.java session|connect HOST PORT COUNT HOLD_SECONDS [USER DB]");
            System.exit(2);
        }
        String mode = args[0];
        InetSocketAddress target = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        int count = Integer.parseInt(args[3]);
        long holdSeconds = Long.parseLong(args[4]);
        String user = args.length > 5 ? args[5] : "postgres";
        String database = args.length > 6 ? args[6] : user;
        boolean session = switch (mode) {
            case "session" -> true;
            case "connect" -> false;
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };

        List<Socket> sockets = open(target, count, session, user, database);
        System.out.println("READY " + sockets.size());
        System.out.flush();
        Thread.sleep(holdSeconds * 1000L);
        for (Socket s : sockets) {
            s.close();
        }
    }

    private static List<Socket> open(InetSocketAddress target, int count, boolean session, String user,
                                     String database) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(OPENERS);
        try {
            List<Future<Socket>> pending = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                pending.add(pool.submit(() -> openOne(target, session, user, database)));
            }
            List<Socket> open = new ArrayList<>(count);
            for (Future<Socket> f : pending) {
                open.add(f.get());
            }
            return open;
        } catch (Exception e) {
            System.err.println("IdleClients: " + e.getCause());
            System.exit(1);
            throw e;
        } finally {
            pool.shutdown();
        }
    }

    private static Socket openOne(InetSocketAddress target, boolean session, String user, String database)
            throws IOException {
        Socket s = new Socket();
        s.connect(target, CONNECT_TIMEOUT_MS);
        if (session) {
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.getOutputStream().write(startupMessage(user, database));
            s.getOutputStream().flush();
            awaitReadyForQuery(new DataInputStream(s.getInputStream()));
            s.setSoTimeout(0);
        }
        return s;
    }

    private static byte[] startupMessage(String user, String database) throws IOException {
        var body = new java.io.ByteArrayOutputStream();
        writeInt(body, PROTOCOL_3_0);
        for (String kv : new String[] {"user", user, "database", database, "application_name", "bench-idle"}) {
            body.write(kv.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        var packet = new java.io.ByteArrayOutputStream();
        writeInt(packet, body.size() + 4);
        body.writeTo(packet);
        return packet.toByteArray();
    }

    /** Reads backend messages until ReadyForQuery; trust auth means no password exchange. */
    private static void awaitReadyForQuery(DataInputStream in) throws IOException {
        while (true) {
            int type = in.read();
            if (type < 0) {
                throw new EOFException("server closed the connection during startup");
            }
            int length = in.readInt();
            byte[] body = new byte[length - 4];
            in.readFully(body);
            switch (type) {
                case 'Z':
                    return;
                case 'E':
                    throw new IOException("ErrorResponse during startup: "
                            + new String(body, StandardCharsets.UTF_8).replace('\0', ' '));
                case 'R':
                    int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8)
                            | (body[3] & 0xff);
                    if (code != 0) {
                        throw new IOException("server asks for authentication (code " + code
                                + "); the benchmark expects trust");
                    }
                    break;
                default:
                    break; // ParameterStatus, BackendKeyData, NoticeResponse
            }
        }
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
