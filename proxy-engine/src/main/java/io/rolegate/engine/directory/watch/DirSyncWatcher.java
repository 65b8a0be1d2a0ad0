package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.experimental.ActiveDirectoryDirSyncControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Active Directory DirSync (control 1.2.840.113556.1.4.841): every {@code pollInterval} one search of the default
 * naming context asks "what changed since this cookie". The first search only takes the cookie (its answer is the
 * whole directory); later ones report each changed entry under the watched bases, and a deleted object (DirSync
 * returns it renamed into Deleted Objects, under its old name nowhere) as a resync. The cookie lives in memory, so
 * a reconnect resumes from it; a restart of Rolegate starts afresh, which the periodic reconciliation covers.
 * DirSync needs the "Replicating Directory Changes" right on the naming context: without it the server answers
 * 50 (insufficient access), and this watcher says so and makes way for change notification.
 */
final class DirSyncWatcher extends ReconnectingWatcher {
    static final String DIRSYNC = ActiveDirectoryDirSyncControl.DIRSYNC_OID;
    private static final Logger log = LoggerFactory.getLogger(DirSyncWatcher.class);
    /**
     * DirSync reports an entry only when a requested attribute changed, so every attribute is asked for (a policy
     * may filter on any of them); incremental values keep a big group's change to the values that changed.
     */
    private static final String[] ATTRIBUTES = {"*"};

    private ASN1OctetString cookie;

    DirSyncWatcher(WatchSettings settings, WatchConnector connector, ChangeListener listener,
                   Consumer<String> onUnsupported) {
        super(WatchMode.DIRSYNC, settings, connector, listener, onUnsupported);
    }

    @Override
    protected void watch(LDAPConnection connection, boolean resumed)
            throws LDAPException, InterruptedException, UnsupportedWatchException {
        String namingContext = connection.getRootDSE().getAttributeValue("defaultNamingContext");
        if (namingContext == null) {
            throw new UnsupportedWatchException("the server names no defaultNamingContext to run DirSync on");
        }
        boolean first = cookie == null;
        if (first && resumed) {
            emitResync("reconnected before DirSync had a cookie");
        }
        sync(connection, namingContext, first);
        if (first) {
            log.info("directory watcher (dirsync) has its cookie for {}; asking every {} ms", namingContext,
                    settings.pollInterval().toMillis());
        }
        while (pause(settings.pollInterval().toMillis())) {
            sync(connection, namingContext, false);
        }
    }

    /** Runs DirSync until the server has nothing more; reports what changed unless {@code silent}. */
    private void sync(LDAPConnection connection, String namingContext, boolean silent)
            throws LDAPException, UnsupportedWatchException {
        boolean more = true;
        while (more) {
            SearchRequest request = new SearchRequest(namingContext, SearchScope.SUB,
                    Filter.createPresenceFilter("objectClass"), ATTRIBUTES);
            request.addControl(new ActiveDirectoryDirSyncControl(true,
                    ActiveDirectoryDirSyncControl.FLAG_INCREMENTAL_VALUES, 0, cookie));
            SearchResult result;
            try {
                result = connection.search(request);
            } catch (LDAPSearchException e) {
                throw refused(e, namingContext);
            }
            ActiveDirectoryDirSyncControl answer = ActiveDirectoryDirSyncControl.get(result);
            if (answer == null) {
                throw new UnsupportedWatchException("the server answered the DirSync search without a cookie");
            }
            if (!silent) {
                for (SearchResultEntry entry : result.getSearchEntries()) {
                    report(entry);
                }
            }
            cookie = answer.getCookie();
            more = answer.getFlags() != 0; // the response flags are non-zero while more changes wait
        }
    }

    private void report(SearchResultEntry entry) throws LDAPException {
        DN dn = entry.getParsedDN();
        if ("TRUE".equalsIgnoreCase(entry.getAttributeValue("isDeleted"))) {
            emitResync("DirSync reported a deleted object (" + dn.getRDNString() + ")");
        } else if (settings.watches(dn)) {
            emit(DirectoryChange.Kind.MODIFY, dn, null);
        }
    }

    private LDAPException refused(LDAPSearchException e, String namingContext) throws UnsupportedWatchException {
        ResultCode code = e.getResultCode();
        if (code == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
            throw new UnsupportedWatchException("DirSync on " + namingContext + " was refused with 50 (insufficient"
                    + " access): the service account needs the \"Replicating Directory Changes\" right on the"
                    + " naming context");
        }
        if (code == ResultCode.UNAVAILABLE_CRITICAL_EXTENSION || code == ResultCode.UNWILLING_TO_PERFORM) {
            throw new UnsupportedWatchException("the server refused DirSync: " + code + " "
                    + e.getDiagnosticMessage());
        }
        return e;
    }
}
