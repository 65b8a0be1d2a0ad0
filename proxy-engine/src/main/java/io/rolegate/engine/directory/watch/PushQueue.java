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

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();

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
        if (signal == null) {
            for (LDAPConnection connection : connections) {
                if (!connection.isConnected()) {
                    throw new LDAPException(ResultCode.SERVER_DOWN, "the watch connection "
                            + connection.getConnectionName() + " was closed");
                }
            }
        }
        return signal;
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
