package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.ldap.sdk.RootDSE;
import io.rolegate.engine.directory.DirectoryFlavour;

/** Reads what a server can do from its root DSE and picks the watch mechanism for {@code auto}. */
final class WatchProbe {
    static final String SYNC_REQUEST = "1.3.6.1.4.1.4203.1.9.1.1";
    static final String AD_NOTIFICATION = "1.2.840.113556.1.4.528";
    static final String PERSISTENT_SEARCH = "2.16.840.1.113730.3.4.3";

    private WatchProbe() {
    }

    /** syncrepl if advertised; AD notification on Active Directory; persistent search; otherwise polling. */
    static WatchMode choose(RootDSE root, DirectoryFlavour flavour) {
        if (root == null) {
            return WatchMode.POLL;
        }
        if (root.supportsControl(SYNC_REQUEST)) {
            return WatchMode.SYNCREPL;
        }
        if (flavour == DirectoryFlavour.ACTIVE_DIRECTORY && root.supportsControl(AD_NOTIFICATION)) {
            return WatchMode.AD_NOTIFY;
        }
        if (root.supportsControl(PERSISTENT_SEARCH)) {
            return WatchMode.PSEARCH;
        }
        return WatchMode.POLL;
    }

    /** The control a push mode needs, for "not advertised" checks; {@code null} for modes that need none. */
    static String requiredControl(WatchMode mode) {
        return switch (mode) {
            case SYNCREPL -> SYNC_REQUEST;
            case PSEARCH -> PERSISTENT_SEARCH;
            case AD_NOTIFY -> AD_NOTIFICATION;
            case DIRSYNC -> DirSyncWatcher.DIRSYNC;
            default -> null;
        };
    }

    /** Throws when the server does not advertise what {@code mode} needs. */
    static void require(RootDSE root, WatchMode mode) throws UnsupportedWatchException {
        String oid = requiredControl(mode);
        if (oid != null && (root == null || !root.supportsControl(oid))) {
            throw new UnsupportedWatchException("the server does not advertise control " + oid + " ("
                    + mode.configName() + ")");
        }
    }
}
