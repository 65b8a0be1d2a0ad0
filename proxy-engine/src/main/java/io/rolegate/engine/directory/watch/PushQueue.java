package io.rolegate.engine.directory.watch;

import com.unboundid.ldap.sdk.AsyncRequestID;
import com.unboundid.ldap.sdk.AsyncSearchResultListener;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.IntermediateResponse;
import com.unboundid.ldap.sdk.IntermediateResponseListener;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultReference;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands what the LDAP SDK's reader thread receives for long-running searches over to the watcher thread, in order.
 * The reader thread only enqueues; parsing and the listener run on the watcher thread.
 */
final class PushQueue {
    /** Something that arrived for the search on {@code base}. */
    sealed interface Signal permits Entry, Intermediate, Done {
        DN base();
    }

    record Entry(DN base, SearchResultEntry entry) implements Signal { }

    record Intermediate(DN base, IntermediateResponse response) implements Signal { }

    record Done(DN base, SearchResult result) implements Signal { }

    private static final long CHECK_MILLIS = 250;

    /** Quiet this long with no response timeout set on the connection: probe anyway. */
    private static final long DEFAULT_PROBE_AFTER_MILLIS = 30_000;

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    /** Only read and written on the watcher thread. */
    private long quietSince = System.nanoTime();

    /** A listener for one search; set it as the request's result listener and intermediate response listener. */
    Listener listenerFor(DN base) {
        return new Listener(base);
    }

    /**
     * The next signal; waits at most {@value #CHECK_MILLIS} ms at a time and returns {@code null} on timeout so the
     * caller can check for stop.
     *
     * @throws LDAPException when the connection closed without a final result
     */
    Signal next(LDAPConnection connection) throws InterruptedException, LDAPException {
        return next(java.util.List.of(connection));
    }

    /** As {@link #next(LDAPConnection)}, for searches spread over several connections. */
    Signal next(java.util.List<LDAPConnection> connections) throws InterruptedException, LDAPException {
        Signal signal = signals.poll(CHECK_MILLIS, TimeUnit.MILLISECONDS);
        if (signal != null) {
            quietSince = System.nanoTime();
            return signal;
        }
        for (LDAPConnection connection : connections) {
            if (!connection.isConnected()) {
                throw new LDAPException(ResultCode.SERVER_DOWN, "the watch connection "
                        + connection.getConnectionName() + " was closed");
            }
        }
        if (System.nanoTime() - quietSince > probeAfterNanos(connections)) {
            for (LDAPConnection connection : connections) {
                probe(connection);
            }
            quietSince = System.nanoTime();
        }
        return null;
    }

    /**
     * A hung server (stopped process, dead VM behind a live load balancer) keeps the TCP connection open and even
     * acknowledges bytes, so a quiet persistent search cannot tell it from a directory where nothing changes. After
     * one response timeout of quiet the watcher reads the root DSE; no answer within the response timeout ends the
     * session, and the reconnect catches up on what was missed once the server answers again (syncrepl replays
     * from its cookie; the other watchers report a resync).
     */
    private static void probe(LDAPConnection connection) throws LDAPException {
        try {
            connection.getEntry("", "1.1");
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.TIMEOUT) {
                throw e;
            }
            throw new LDAPException(ResultCode.TIMEOUT, "the directory did not answer a liveness check on "
                    + connection.getConnectionName() + " within "
                    + connection.getConnectionOptions().getResponseTimeoutMillis() + " ms", e);
        }
    }

    private static long probeAfterNanos(java.util.List<LDAPConnection> connections) {
        long millis = connections.stream().mapToLong(c -> c.getConnectionOptions().getResponseTimeoutMillis())
                .filter(m -> m > 0).min().orElse(DEFAULT_PROBE_AFTER_MILLIS);
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    final class Listener implements AsyncSearchResultListener, IntermediateResponseListener {
        private static final long serialVersionUID = 1L;
        private final transient DN base;

        private Listener(DN base) {
            this.base = base;
        }

        @Override
        public void searchEntryReturned(SearchResultEntry entry) {
            signals.add(new Entry(base, entry));
        }

        @Override
        public void searchReferenceReturned(SearchResultReference reference) {
            // Referrals are not followed: a watched base must live on the server we are connected to.
        }

        @Override
        public void intermediateResponseReturned(IntermediateResponse response) {
            signals.add(new Intermediate(base, response));
        }

        @Override
        public void searchResultReceived(AsyncRequestID requestId, SearchResult result) {
            signals.add(new Done(base, result));
        }
    }
}
