package io.rolegate.engine.directory.watch;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.controls.ContentSyncState;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the syncrepl watcher knows about the synchronised entries: entryUUID → current DN. RFC 4533 identifies
 * entries by UUID, so this is what turns "entry X now has DN Y" into a rename and a bare UUID deletion into a DN.
 * Costs one UUID and one DN per watched entry. Only touched on the watcher thread.
 */
final class SyncEntries {
    /** Receives the changes worked out here. */
    @FunctionalInterface
    interface Emitter {
        void emit(DirectoryChange.Kind kind, DN dn, Instant serverTime);
    }

    private final WatchSettings settings;
    private final Emitter emitter;
    private final Map<UUID, DN> dnByUuid = new HashMap<>();

    SyncEntries(WatchSettings settings, Emitter emitter) {
        this.settings = settings;
        this.emitter = emitter;
    }

    /**
     * One entry from the server.
     *
     * @param silent  the initial refresh: learn, do not report
     * @param present the UUIDs seen in the current refresh, for the present phase
     */
    void apply(DN base, ContentSyncState state, UUID uuid, DN dn, Instant serverTime, boolean silent,
               Set<UUID> present) {
        if (state == ContentSyncState.DELETE) {
            if (uuid != null && dnByUuid.containsKey(uuid) && dnByUuid.get(uuid).isDescendantOf(base, true)) {
                dnByUuid.remove(uuid);
            }
            report(silent, DirectoryChange.Kind.DELETE, dn, null);
            return;
        }
        if (uuid == null) {
            report(silent, DirectoryChange.Kind.MODIFY, dn, serverTime);
            return;
        }
        present.add(uuid);
        DN before = dnByUuid.put(uuid, dn);
        if (state == ContentSyncState.PRESENT) {
            return;
        }
        if (before != null && !before.equals(dn)) {
            report(silent, DirectoryChange.Kind.MODDN, before, serverTime);
            report(silent, DirectoryChange.Kind.MODDN, dn, serverTime);
        } else if (before == null && state == ContentSyncState.ADD) {
            report(silent, DirectoryChange.Kind.ADD, dn, serverTime);
        } else {
            report(silent, DirectoryChange.Kind.MODIFY, dn, serverTime);
        }
    }

    /**
     * A syncIdSet of deletions from the search on {@code base}. The server also lists entries that merely left
     * that search's scope (slapd names every entry changed under another watched base this way): those are ignored.
     *
     * @return false when some UUID was never seen under any base (added and deleted while disconnected, or outside
     *         every base): the caller must resync, because its DN is unknown
     */
    boolean deleted(DN base, List<UUID> uuids, boolean silent) {
        boolean allKnown = true;
        for (UUID uuid : uuids) {
            DN dn = dnByUuid.get(uuid);
            if (dn == null) {
                allKnown = false;
            } else if (dn.isDescendantOf(base, true)) {
                dnByUuid.remove(uuid);
                report(silent, DirectoryChange.Kind.DELETE, dn, null);
            }
        }
        return allKnown;
    }

    /** End of a present phase: every known entry under {@code base} the server did not name is gone. */
    void absentAreDeleted(DN base, Set<UUID> present) {
        Iterator<Map.Entry<UUID, DN>> known = dnByUuid.entrySet().iterator();
        while (known.hasNext()) {
            Map.Entry<UUID, DN> entry = known.next();
            if (entry.getValue().isDescendantOf(base, true) && !present.contains(entry.getKey())) {
                known.remove();
                report(false, DirectoryChange.Kind.DELETE, entry.getValue(), null);
            }
        }
    }

    private void report(boolean silent, DirectoryChange.Kind kind, DN dn, Instant serverTime) {
        if (!silent && settings.watches(dn)) {
            emitter.emit(kind, dn, serverTime);
        }
    }
}
