package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Works against any directory: every {@code pollInterval} it asks the server's changelog (when the root DSE
 * advertises one) or, failing that, the modifyTimestamps under the watched bases. Which of the two is decided at
 * each connect; switching between them reports a resync.
 */
final class PollWatcher extends ReconnectingWatcher implements ChangeSink {
    private static final Logger log = LoggerFactory.getLogger(PollWatcher.class);

    private Poller poller;

    PollWatcher(WatchSettings settings, WatchConnector connector, ChangeListener listener) {
        super(WatchMode.POLL, settings, connector, listener, null);
    }

    @Override
    protected void watch(LDAPConnection connection, boolean resumed) throws LDAPException, InterruptedException {
        RootDSE root = connection.getRootDSE();
        boolean changelog = ChangelogPoller.offeredBy(root);
        if (poller == null || (poller instanceof ChangelogPoller) != changelog) {
            if (poller != null) {
                resync("the server's changelog " + (changelog ? "appeared" : "disappeared"));
            }
            poller = changelog ? new ChangelogPoller(settings, this) : new TimestampPoller(settings, this);
        }
        poller.begin(connection, resumed);
        log.info("directory watcher (poll) follows {} every {} ms", poller.describe(),
                settings.pollInterval().toMillis());
        while (pause(settings.pollInterval().toMillis())) {
            poller.poll(connection);
        }
    }

    @Override
    public void change(DirectoryChange.Kind kind, DN dn, Instant serverTime) {
        emit(kind, dn, serverTime);
    }

    @Override
    public void resync(String why) {
        emitResync(why);
    }
}
