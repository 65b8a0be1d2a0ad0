package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Active Directory change notification (control 1.2.840.113556.1.4.528): one one-level registration per container
 * under the watched bases (AD refuses subtree scope below a naming context root), at most four per connection
 * (see {@link #PER_CONNECTION}), more connections as needed, plus one on {@code CN=Deleted Objects} with the show-deleted control so deletions are
 * seen. A membership change notifies the group only, which is why the group base is watched as well. Nothing can
 * be replayed after a reconnect: every reconnect re-registers and reports a resync.
 */
final class AdNotifyWatcher extends ReconnectingWatcher {
    private static final Logger log = LoggerFactory.getLogger(AdNotifyWatcher.class);
    static final String SHOW_DELETED = "1.2.840.113556.1.4.417";
    /**
     * Registrations per connection. Active Directory's MaxNotificationPerConn defaults to 5, but Samba 4.17 answers
     * the fifth with "admin limit exceeded" once changes flow, so one fewer; lowered further when a server says so.
     */
    static final int PER_CONNECTION = 4;

    /** Per session: a closed connection's late "server down" must not reach the next session. */
    private PushQueue queue = new PushQueue();
    private final AdObjects objects;
    private final List<Slot> slots = new ArrayList<>();
    private DN deletedObjects;
    private int perConnection = PER_CONNECTION;

    /** A connection and how many registrations it carries. */
    private static final class Slot {
        final LDAPConnection connection;
        int registrations;

        Slot(LDAPConnection connection) {
            this.connection = connection;
        }
    }

    AdNotifyWatcher(WatchSettings settings, WatchConnector connector, ChangeListener listener,
                    Consumer<String> onUnsupported) {
        super(WatchMode.AD_NOTIFY, settings, connector, listener, onUnsupported);
        this.objects = new AdObjects(settings);
    }

    @Override
    protected void watch(LDAPConnection connection, boolean resumed)
            throws LDAPException, InterruptedException, UnsupportedWatchException {
        RootDSE root = connection.getRootDSE();
        WatchProbe.require(root, WatchMode.AD_NOTIFY);
        queue = new PushQueue();
        slots.clear();
        slots.add(new Slot(connection));
        try {
            for (DN container : objects.learn(connection)) {
                register(container);
            }
            String namingContext = root.getAttributeValue("defaultNamingContext");
            deletedObjects = namingContext == null ? null : new DN("CN=Deleted Objects," + namingContext);
            if (deletedObjects != null) {
                register(deletedObjects);
            }
            if (resumed) {
                emitResync("AD change notification cannot replay changes made while disconnected");
            }
            while (!stopping()) {
                PushQueue.Signal signal = queue.next(slots.stream().map(s -> s.connection).toList());
                if (signal instanceof PushQueue.Entry entry) {
                    AdObjects.Outcome outcome = objects.interpret(entry.entry());
                    outcome.changes().forEach(c -> emit(c.kind(), c.dn(), c.serverTime()));
                    if (outcome.newContainer() != null) {
                        // A registration added to a running session is served late by Samba (after its 5 s
                        // idle poll, measured); registering everything afresh is served at once.
                        log.info("directory watcher (ad-notify): new container {}; registering afresh",
                                outcome.newContainer());
                        return;
                    }
                } else if (signal instanceof PushQueue.Done done) {
                    done(signal.base(), done.result());
                }
            }
        } finally {
            for (Slot slot : slots) {
                if (slot.connection != connection) {
                    slot.connection.close();
                }
            }
            slots.clear();
        }
    }

    private void register(DN container) throws LDAPException {
        Slot slot = slots.get(slots.size() - 1);
        if (slot.registrations >= perConnection) {
            slot = new Slot(openAnother("n" + slots.size()));
            slots.add(slot);
        }
        PushQueue.Listener listener = queue.listenerFor(container);
        SearchRequest request = new SearchRequest(listener, container.toString(), SearchScope.ONE,
                Filter.createPresenceFilter("objectClass"), AdObjects.ATTRIBUTES);
        request.setResponseTimeoutMillis(0);
        request.addControl(new Control(WatchProbe.AD_NOTIFICATION, true));
        request.addControl(new Control(SHOW_DELETED, true));
        slot.connection.asyncSearch(request);
        slot.registrations++;
    }

    private void done(DN base, SearchResult result) throws LDAPException, UnsupportedWatchException {
        ResultCode code = result.getResultCode();
        if (base.equals(deletedObjects) && code != ResultCode.SERVER_DOWN) {
            problem("deletions are not watched: the notification on " + base + " failed with " + code + " "
                    + result.getDiagnosticMessage() + " (the service account may not read Deleted Objects); "
                    + "deleted accounts are caught by the next reconciliation");
            return;
        }
        if (code == ResultCode.UNAVAILABLE_CRITICAL_EXTENSION || code == ResultCode.UNWILLING_TO_PERFORM) {
            throw new UnsupportedWatchException("the server refused change notification on " + base + ": "
                    + code + " " + result.getDiagnosticMessage());
        }
        if (code == ResultCode.ADMIN_LIMIT_EXCEEDED && perConnection > 1) {
            perConnection--;
            throw new LDAPException(code, "the server allows fewer notifications per connection ("
                    + result.getDiagnosticMessage() + "); re-registering with " + perConnection);
        }
        if (code == ResultCode.NO_SUCH_OBJECT) {
            throw new LDAPException(code, "the watched container " + base + " disappeared; re-registering");
        }
        throw new LDAPException(code == ResultCode.SUCCESS ? ResultCode.SERVER_DOWN : code,
                "the change notification on " + base + " ended: " + result.getDiagnosticMessage());
    }
}
