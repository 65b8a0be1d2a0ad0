package io.rolegate.engine.session;

import io.rolegate.engine.telemetry.Direction;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every live session, the cancel keys issued to clients, the count of open client connections (for the limit),
 * and the traffic totals of sessions that already ended (so engine-wide rates stay continuous).
 */
public final class SessionRegistry {
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final ConcurrentHashMap<Long, Session> live = new ConcurrentHashMap<>();
    /**
     * Live sessions by the process id their client was given (the cancel key's first half). Usually one per id; two
     * when two upstream hosts (a failover pair, a replica) handed out the same backend pid — each keeps its own
     * secret, so both stay cancellable.
     */
    private final ConcurrentHashMap<Integer, Session[]> byBackendPid = new ConcurrentHashMap<>();
    /** This engine's node name, and its number on a shared store (0: no fleet). */
    private volatile String node = "";
    private volatile int nodeNumber;
    private volatile RemoteCancels remoteCancels;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final LongAdder[] endedBytes = {new LongAdder(), new LongAdder()};
    private final LongAdder[] endedMessages = {new LongAdder(), new LongAdder()};
    private final LongAdder endedErrors = new LongAdder();
    private final LongAdder endedQueries = new LongAdder();
    private volatile KeptConnections kept = KeptConnections.NONE;
    private final PendingConnections pending = new PendingConnections();
    private final io.rolegate.engine.telemetry.LoginTimes loginTimes = new io.rolegate.engine.telemetry.LoginTimes();

    /** Server connections kept for directory users' next logins (none unless upstream.keepIdle is set). */
    public KeptConnections keptConnections() {
        return kept;
    }

    /** Accept-to-ReadyForQuery times of every login that succeeded, since the registry was made. */
    public io.rolegate.engine.telemetry.LoginTimes loginTimes() {
        return loginTimes;
    }

    /** Client connections still logging in, per source address, and those refused before a session began. */
    public PendingConnections pendingConnections() {
        return pending;
    }

    /** The engine installs the pool at start. */
    public void keptConnections(KeptConnections pool) {
        this.kept = pool;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    /** Counts an accepted client connection; returns how many are open including it. */
    int connectionOpened() {
        return openConnections.incrementAndGet();
    }

    public int openConnections() {
        return openConnections.get();
    }

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /** Sessions past their StartupMessage, in no particular order. */
    public Collection<Session> live() {
        return live.values();
    }

    /** Live sessions of one client user name (for the per-user session limit). */
    public int liveSessionsOf(String user) {
        int n = 0;
        for (Session s : live.values()) {
            var m = s.startup();
            if (m != null && user.equals(m.user()) && s.state() != SessionState.TERMINATING) {
                n++;
            }
        }
        return n;
    }

    /**
     * Live sessions that logged in as the managed role {@code loginRole} through the directory and are not ending:
     * they all share that role's memberships upstream.
     */
    public java.util.List<Session> directorySessionsOf(String loginRole) {
        java.util.List<Session> out = new java.util.ArrayList<>();
        for (Session s : live.values()) {
            SessionIdentity who = s.identity();
            if (who.directoryDn() != null && loginRole.equals(who.loginRole()) && !s.state().isEnding()) {
                out.add(s);
            }
        }
        return out;
    }

    /** How many live sessions run as the managed role {@code role}: one entry's, the per-user session limit. */
    public int liveSessionsAs(String role) {
        return directorySessionsOf(role).size();
    }

    public Session get(long id) {
        return live.get(id);
    }

    void sessionStartupRead(Session session) {
        live.put(session.id(), session);
    }

    void sessionReady(Session session) {
        for (SessionListener l : listeners) {
            l.sessionStarted(session);
        }
    }

    void sessionClosed(Session session) {
        openConnections.decrementAndGet();
        if (live.remove(session.id()) == null) {
            return; // never got past startup (cancel request, bad first packet): not a session to report
        }
        byBackendPid.computeIfPresent(session.server().issuedPid(), (pid, sessions) -> without(sessions, session));
        for (Direction d : Direction.values()) {
            endedBytes[d.ordinal()].add(session.counters().bytes(d));
            endedMessages[d.ordinal()].add(session.counters().messages(d));
        }
        endedErrors.add(session.counters().errors());
        endedQueries.add(session.counters().queries());
        for (SessionListener l : listeners) {
            l.sessionEnded(session);
        }
    }

    int newCancelSecret() {
        return random.nextInt();
    }

    void registerCancelKey(Session session) {
        byBackendPid.merge(session.server().issuedPid(), new Session[] {session}, (had, one) -> {
            Session[] both = java.util.Arrays.copyOf(had, had.length + 1);
            both[had.length] = session;
            return both;
        });
    }

    /** {@code sessions} without {@code gone}; null (the entry goes) when none is left. */
    private static Session[] without(Session[] sessions, Session gone) {
        Session[] left = java.util.Arrays.stream(sessions).filter(s -> s != gone).toArray(Session[]::new);
        return left.length == 0 ? null : left;
    }

    /**
     * The engine's node on its store; {@code number} above 0 (a shared store, decision 0028) goes into the high bits
     * of every process id given to a client, so any node can tell which node issued a cancel key.
     */
    public void fleetNode(String name, int number, RemoteCancels remote) {
        if (number < 0 || number > MAX_NODE_NUMBER) {
            throw new IllegalArgumentException("node number " + number + " is outside 0.." + MAX_NODE_NUMBER);
        }
        node = name;
        nodeNumber = number;
        remoteCancels = remote;
    }

    /** The highest node number that fits above a 22-bit backend pid in a positive process id. */
    public static final int MAX_NODE_NUMBER = 511;
    private static final int PID_BITS = 22;

    /** This engine's node name ("" until the engine has opened its store). */
    public String node() {
        return node;
    }

    /**
     * The process id a client is given for backend {@code realPid}: the backend's own outside a fleet (isolation
     * testers compare it with pg_backend_pid()); in a fleet its low 22 bits (Linux's largest pid_max) under the
     * node's number.
     */
    int issuedPid(int realPid) {
        int n = nodeNumber;
        return n == 0 ? realPid : (n << PID_BITS) | (realPid & ((1 << PID_BITS) - 1));
    }

    /** The node number a client's process id carries (0: issued outside a fleet). */
    public static int nodeNumberOf(int issuedPid) {
        return issuedPid >>> PID_BITS;
    }

    /** Where a CancelRequest this engine did not issue goes: to the node whose number its process id carries. */
    RemoteCancels remoteCancels(int pid) {
        RemoteCancels remote = remoteCancels;
        int issuer = nodeNumberOf(pid);
        return remote == null || issuer == 0 || issuer == nodeNumber ? null : remote;
    }

    /** The session a client's CancelRequest names, comparing the key in constant time; null when none matches. */
    public Session findByCancelKey(int pid, byte[] key) {
        Session[] sessions = byBackendPid.get(pid);
        if (sessions == null) {
            return null;
        }
        Session found = null;
        for (Session s : sessions) { // every candidate is compared, so the time says nothing about which matched
            int k = s.server().issuedCancelKey();
            byte[] expected = {(byte) (k >>> 24), (byte) (k >>> 16), (byte) (k >>> 8), (byte) k};
            if (MessageDigest.isEqual(expected, key)) {
                found = s;
            }
        }
        return found;
    }

    public long endedBytes(Direction d) {
        return endedBytes[d.ordinal()].sum();
    }

    public long endedMessages(Direction d) {
        return endedMessages[d.ordinal()].sum();
    }

    public long endedErrors() {
        return endedErrors.sum();
    }

    public long endedQueries() {
        return endedQueries.sum();
    }
}
