package io.rolegate.engine.directory.watch;

import com.unboundid.ldap.sdk.DN;

import java.time.Instant;

/** Where a poller hands what it found; implemented by the watcher so delivery stays on the watcher thread. */
interface ChangeSink {
    void change(DirectoryChange.Kind kind, DN dn, Instant serverTime);

    void resync(String why);
}
