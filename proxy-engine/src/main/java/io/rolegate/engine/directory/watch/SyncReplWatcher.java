package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ContentSyncInfoIntermediateResponse;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestControl;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestMode;
import com.unboundid.ldap.sdk.controls.ContentSyncStateControl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * RFC 4533 content synchronisation in refreshAndPersist mode, one search per watched base on one connection. The
 * first refresh only learns the entries (entryUUID → DN, which turns a rename into MODDN and a UUID-only deletion
 * into a DN); later refreshes, after a reconnect with the in-memory cookie, report what changed in the gap.
 * {@code e-syncRefreshRequired} drops the cookie, reports a resync and starts that base over.
 */
final class SyncReplWatcher extends ReconnectingWatcher {
    private static final Logger log = LoggerFactory.getLogger(SyncReplWatcher.class);
    private static final String[] ATTRIBUTES = {"modifyTimestamp"};

    private final Map<DN, SyncState> bases = new HashMap<>();
    private final SyncEntries entries;
    /** Per session: a closed connection's late "server down" must not reach the next session. */
    private PushQueue queue = new PushQueue();

    SyncReplWatcher(WatchSettings settings, WatchConnector connector, ChangeListener listener,
                    Consumer<String> onUnsupported) {
        super(WatchMode.SYNCREPL, settings, connector, listener, onUnsupported);
        this.entries = new SyncEntries(settings, (kind, dn, serverTime) -> emit(kind, dn, serverTime));
        settings.bases().forEach(base -> bases.put(base, new SyncState()));
    }

    @Override
    protected void watch(LDAPConnection connection, boolean resumed)
            throws LDAPException, InterruptedException, UnsupportedWatchException {
        WatchProbe.require(connection.getRootDSE(), WatchMode.SYNCREPL);
        queue = new PushQueue();
        for (Map.Entry<DN, SyncState> base : bases.entrySet()) {
            if (resumed && base.getValue().cookie == null) {
                emitResync("reconnected before " + base.getKey() + " had a synchronisation cookie");
            }
            search(connection, base.getKey(), base.getValue());
        }
        while (!stopping()) {
            PushQueue.Signal signal = queue.next(connection);
            if (signal == null) {
                continue;
            }
            SyncState state = bases.get(signal.base());
            if (signal instanceof PushQueue.Entry entry) {
                entry(state, signal.base(), entry.entry());
            } else if (signal instanceof PushQueue.Intermediate info) {
                info(state, signal.base(), ContentSyncInfoIntermediateResponse.decode(info.response()));
            } else if (signal instanceof PushQueue.Done done) {
                done(connection, signal.base(), state, done.result());
            }
        }
    }

    private void search(LDAPConnection connection, DN base, SyncState state) throws LDAPException {
        PushQueue.Listener listener = queue.listenerFor(base);
        SearchRequest request = new SearchRequest(listener, base.toString(), SearchScope.SUB,
                Filter.createPresenceFilter("objectClass"), ATTRIBUTES);
        request.setIntermediateResponseListener(listener);
        request.setResponseTimeoutMillis(0);
        request.addControl(new ContentSyncRequestControl(true, ContentSyncRequestMode.REFRESH_AND_PERSIST,
                state.cookie, false));
        state.beginRefresh();
        connection.asyncSearch(request);
    }

    private void entry(SyncState state, DN base, SearchResultEntry entry) throws LDAPException {
        ContentSyncStateControl control = ContentSyncStateControl.get(entry);
        if (control == null) {
            return;
        }
        if (control.getCookie() != null) {
            state.cookie = control.getCookie();
        }
        log.debug("sync entry {} {} (refresh {}, cookie {})", control.getState(), entry.getDN(),
                state.silent ? "initial" : "incremental", control.getCookie() != null);
        Date stamp = entry.getAttributeValueAsDate("modifyTimestamp");
        entries.apply(base, control.getState(), control.getEntryUUID(), entry.getParsedDN(),
                stamp == null ? null : stamp.toInstant(), state.silent, state.present);
    }

    private void info(SyncState state, DN base, ContentSyncInfoIntermediateResponse info) {
        log.debug("sync info {} on {}: refreshDone {}, cookie {}", info.getType(), base, info.refreshDone(),
                info.getCookie() != null);
        if (info.getCookie() != null) {
            state.cookie = info.getCookie();
        }
        switch (info.getType()) {
            case NEW_COOKIE -> { }
            case REFRESH_PRESENT -> {
                state.presentPhase = true;
                if (info.refreshDone()) {
                    endRefresh(state, base);
                }
            }
            case REFRESH_DELETE -> {
                if (info.refreshDone()) {
                    endRefresh(state, base);
                }
            }
            case SYNC_ID_SET -> {
                if (info.refreshDeletes()) {
                    if (!entries.deleted(base, info.getEntryUUIDs(), state.silent)) {
                        emitResync("the server reported deleted entries under " + base + " that were never seen");
                    }
                } else {
                    state.presentPhase = true;
                    state.present.addAll(info.getEntryUUIDs());
                }
            }
        }
    }

    private void endRefresh(SyncState state, DN base) {
        if (state.presentPhase && !state.silent) {
            entries.absentAreDeleted(base, state.present);
        }
        state.endRefresh();
    }

    private void done(LDAPConnection connection, DN base, SyncState state, SearchResult result)
            throws LDAPException, UnsupportedWatchException {
        ResultCode code = result.getResultCode();
        log.debug("sync search on {} ended: {} {}", base, code, result.getDiagnosticMessage());
        if (code == ResultCode.E_SYNC_REFRESH_REQUIRED) {
            emitResync("the server asked for a full refresh of " + base + " (e-syncRefreshRequired)");
            state.cookie = null;
            search(connection, base, state);
        } else if (code == ResultCode.UNAVAILABLE_CRITICAL_EXTENSION
                || (code == ResultCode.UNWILLING_TO_PERFORM && state.cookie == null && state.silent)) {
            throw new UnsupportedWatchException("the server refused the sync request on " + base + ": "
                    + code + " " + result.getDiagnosticMessage());
        } else if (code == ResultCode.SUCCESS) {
            search(connection, base, state);
        } else if (code == ResultCode.SIZE_LIMIT_EXCEEDED) {
            // Retrying cannot help: every refresh of this base returns more entries than the account may read.
            String account = connection.getLastBindRequest() instanceof com.unboundid.ldap.sdk.SimpleBindRequest b
                    ? b.getBindDN() : "<directory.bindDn>";
            throw new LDAPException(code, "the server's size limit stops the syncrepl refresh of " + base
                    + "; let the service account read every entry (OpenLDAP: limits dn.exact=\"" + account
                    + "\" size=unlimited)");
        } else {
            throw new LDAPException(code, "the sync search on " + base + " ended: " + result.getDiagnosticMessage());
        }
    }

    /** Where one base's synchronisation stands. Only touched on the watcher thread. */
    private static final class SyncState {
        ASN1OctetString cookie;
        boolean silent;
        boolean presentPhase;
        java.util.Set<java.util.UUID> present = new java.util.HashSet<>();

        void beginRefresh() {
            silent = cookie == null;
            presentPhase = false;
            present = new java.util.HashSet<>();
        }

        void endRefresh() {
            silent = false;
            presentPhase = false;
            present = new java.util.HashSet<>();
        }
    }

}
