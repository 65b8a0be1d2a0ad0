package io.rolegate.engine.directory.watch;

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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Active Directory change notification (control 1.2.840.113556.1.4.528): one one-level registration per container
 * under the watched bases (AD refuses subtree scope below a naming context root), at most five per connection, more
 * connections as needed, plus one on {@code CN=Deleted Objects} with the show-deleted control so deletions are
 * seen. A membership change notifies the group only, which is why the group base is watched as well. Nothing can
 * be replayed after a reconnect: every reconnect re-registers and reports a resync.
 */
final class AdNotifyWatcher extends ReconnectingWatcher {
    static final String SHOW_DELETED = "1.2.840.113556.1.4.417";
    /** Active Directory's default MaxNotificationPerConn. */
    static final int PER_CONNECTION = 5;

    private final PushQueue queue = new PushQueue();
    private final AdObjects objects;
    private final List<Slot> slots = new ArrayList<>();
    private DN deletedObjects;

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
        queue.clear();
        slots.clear();
        slots.add(new Slot(connection));
        try {
            for (DN container : objects.learn(connection)) {
                register(container, false);
            }
            String namingContext = root.getAttributeValue("defaultNamingContext");
            deletedObjects = namingContext == null ? null : new DN("CN=Deleted Objects," + namingContext);
            if (deletedObjects != null) {
                register(deletedObjects, true);
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
                        register(outcome.newContainer(), false);
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

    private void register(DN container, boolean deleted) throws LDAPException {
        Slot slot = slots.get(slots.size() - 1);
        if (slot.registrations >= PER_CONNECTION) {
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
        if (code == ResultCode.NO_SUCH_OBJECT) {
            throw new LDAPException(code, "the watched container " + base + " disappeared; re-registering");
        }
        throw new LDAPException(code == ResultCode.SUCCESS ? ResultCode.SERVER_DOWN : code,
                "the change notification on " + base + " ended: " + result.getDiagnosticMessage());
    }
}
