package io.rolegate.engine.directory.watch;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;

/** One way of asking the directory "what changed since last time". Keeps its position across reconnects. */
interface Poller {
    /** Establishes or checks the position after (re)connecting; reports a resync when changes may be lost. */
    void begin(LDAPConnection connection, boolean resumed) throws LDAPException;

    /** Reports everything that changed since the last call. */
    void poll(LDAPConnection connection) throws LDAPException;

    String describe();
}
