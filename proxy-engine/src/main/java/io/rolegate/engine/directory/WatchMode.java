package io.rolegate.engine.directory;

import java.util.Locale;

/** {@code directory.watch}: how Rolegate learns about directory changes. */
public enum WatchMode {
    /** Pick from the server's root DSE {@code supportedControl} and the directory flavour. */
    AUTO,
    /** RFC 4533 content synchronisation, refreshAndPersist (OpenLDAP with syncprov). */
    SYNCREPL,
    /** Persistent search with entry-change notification (389-DS, OpenDJ family). */
    PSEARCH,
    /** Active Directory change notification control 1.2.840.113556.1.4.528. */
    AD_NOTIFY,
    /** Active Directory DirSync (1.2.840.113556.1.4.841) with a cookie, asked every pollInterval. */
    DIRSYNC,
    /** Polling the server's changelog, or modifyTimestamp where there is none. Works everywhere. */
    POLL,
    /** No watching: changes are only seen at the next login or reconciliation. */
    OFF;

    /** Parses the configuration spelling ({@code ad-notify}, case-insensitive). */
    public static WatchMode parse(String text) {
        String normalised = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (WatchMode mode : values()) {
            if (mode.name().equals(normalised)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("directory.watch: '" + text
                + "' is not one of auto, syncrepl, psearch, ad-notify, dirsync, poll, off");
    }

    /** The configuration spelling. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
