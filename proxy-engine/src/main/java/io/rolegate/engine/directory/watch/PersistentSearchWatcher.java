package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.EntryChangeNotificationControl;
import com.unboundid.ldap.sdk.controls.PersistentSearchChangeType;
import com.unboundid.ldap.sdk.controls.PersistentSearchRequestControl;

import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;

/**
 * Persistent search (draft-ietf-ldapext-psearch-03) with entry change notification controls, changes only, one
 * search per watched base. Persistent search has no resume point, so every reconnect reports a resync.
 */
final class PersistentSearchWatcher extends ReconnectingWatcher {
    private static final String[] ATTRIBUTES = {"modifyTimestamp"};

    /** Per session: a closed connection's late "server down" must not reach the next session. */
    private PushQueue queue = new PushQueue();

    PersistentSearchWatcher(WatchSettings settings, WatchConnector connector, ChangeListener listener,
                            Consumer<String> onUnsupported) {
        super(WatchMode.PSEARCH, settings, connector, listener, onUnsupported);
    }

    @Override
    protected void watch(LDAPConnection connection, boolean resumed)
            throws LDAPException, InterruptedException, UnsupportedWatchException {
        WatchProbe.require(connection.getRootDSE(), WatchMode.PSEARCH);
        queue = new PushQueue();
        for (DN base : settings.bases()) {
            PushQueue.Listener listener = queue.listenerFor(base);
            SearchRequest request = new SearchRequest(listener, base.toString(), SearchScope.SUB,
                    Filter.createPresenceFilter("objectClass"), ATTRIBUTES);
            request.setIntermediateResponseListener(listener);
            request.setResponseTimeoutMillis(0);
            request.addControl(new PersistentSearchRequestControl(PersistentSearchChangeType.allChangeTypes(),
                    true, true, true));
            connection.asyncSearch(request);
        }
        if (resumed) {
            emitResync("persistent search cannot replay changes made while disconnected");
        }
        while (!stopping()) {
            PushQueue.Signal signal = queue.next(connection);
            if (signal instanceof PushQueue.Entry entry) {
                entry(entry.entry());
            } else if (signal instanceof PushQueue.Done done) {
                done(signal.base(), done.result());
            }
        }
    }

    private void entry(SearchResultEntry entry) throws LDAPException {
        DN dn = entry.getParsedDN();
        Date stamp = entry.getAttributeValueAsDate("modifyTimestamp");
        Instant serverTime = stamp == null ? null : stamp.toInstant();
        EntryChangeNotificationControl change = EntryChangeNotificationControl.get(entry);
        if (change == null) {
            emit(DirectoryChange.Kind.MODIFY, dn, serverTime);
            return;
        }
        switch (change.getChangeType()) {
            case ADD -> emit(DirectoryChange.Kind.ADD, dn, serverTime);
            case DELETE -> emit(DirectoryChange.Kind.DELETE, dn, null);
            case MODIFY -> emit(DirectoryChange.Kind.MODIFY, dn, serverTime);
            case MODIFY_DN -> {
                if (change.getPreviousDN() != null) {
                    DN previous = new DN(change.getPreviousDN());
                    if (settings.watches(previous)) {
                        emit(DirectoryChange.Kind.MODDN, previous, serverTime);
                    }
                }
                emit(DirectoryChange.Kind.MODDN, dn, serverTime);
            }
        }
    }

    private void done(DN base, SearchResult result) throws LDAPException, UnsupportedWatchException {
        ResultCode code = result.getResultCode();
        if (code == ResultCode.UNAVAILABLE_CRITICAL_EXTENSION || code == ResultCode.UNWILLING_TO_PERFORM) {
            throw new UnsupportedWatchException("the server refused the persistent search on " + base + ": "
                    + code + " " + result.getDiagnosticMessage());
        }
        throw new LDAPException(code == ResultCode.SUCCESS ? ResultCode.SERVER_DOWN : code,
                "the persistent search on " + base + " ended: " + result.getDiagnosticMessage());
    }
}
