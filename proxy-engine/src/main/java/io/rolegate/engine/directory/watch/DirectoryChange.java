package io.rolegate.engine.directory.watch;

import com.unboundid.ldap.sdk.DN;

import java.time.Instant;
import java.util.Objects;

/**
 * One change a watcher saw. {@link Kind#RESYNC} carries the watched base DN and means "changes may have been missed:
 * re-evaluate everything under it".
 *
 * @param kind   what happened
 * @param dn     the entry that changed (for {@code MODDN} the watcher emits the old and the new DN), or the base
 * @param seenAt when Rolegate learned of it (local clock)
 */
public record DirectoryChange(Kind kind, DN dn, Instant seenAt) {
    public enum Kind { ADD, MODIFY, DELETE, MODDN, RESYNC }

    public DirectoryChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(seenAt, "seenAt");
    }
}
