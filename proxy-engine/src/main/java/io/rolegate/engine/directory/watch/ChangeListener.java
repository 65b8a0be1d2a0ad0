package io.rolegate.engine.directory.watch;

/**
 * Receives changes, always on the watcher's own thread (never a Netty event loop, never the LDAP SDK's reader
 * thread). A slow listener delays later events but loses none; an exception it throws is logged and the watcher
 * carries on.
 */
@FunctionalInterface
public interface ChangeListener {
    void onChange(DirectoryChange change);
}
