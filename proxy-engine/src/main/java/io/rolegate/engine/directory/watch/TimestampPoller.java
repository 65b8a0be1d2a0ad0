package io.rolegate.engine.directory.watch;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Polling for servers without a changelog: entries whose {@code modifyTimestamp} is at or after the newest one seen
 * (the server's clock, never ours), plus a listing of
 * every DN under the bases to notice deletions, which leave no timestamp behind. The listing costs one
 * attribute-less search per base and poll; on very large directories prefer a changelog or a push mechanism.
 * After a reconnect it reports a resync: the server may have been restored from a backup.
 *
 * <p>An entry already reported at the newest timestamp is skipped only when its version is the same: OpenLDAP's
 * modifyTimestamp has whole seconds, so an entry written twice within one second keeps its timestamp, and only
 * its {@code entryCSN} (OpenLDAP) or {@code uSNChanged} (Active Directory) tells the second write apart. A server
 * with neither is trusted on the timestamp alone.
 */
final class TimestampPoller implements Poller {
    private static final String[] STAMPS = {"modifyTimestamp", "createTimestamp", "entryCSN", "uSNChanged"};

    private final WatchSettings settings;
    private final ChangeSink sink;
    private Date newest;
    private String newestText;
    /** Entries reported at {@link #newest}, with their version (entryCSN or uSNChanged; "" when neither). */
    private Map<DN, String> atNewest = new HashMap<>();
    private Set<DN> known;

    TimestampPoller(WatchSettings settings, ChangeSink sink) {
        this.settings = settings;
        this.sink = sink;
    }

    @Override
    public void begin(LDAPConnection connection, boolean resumed) throws LDAPException {
        if (resumed) {
            sink.resync("reconnected to a directory polled by modifyTimestamp");
        }
        newest = null;
        newestText = null;
        atNewest = new HashMap<>();
        for (SearchResultEntry entry : search(connection, Filter.createPresenceFilter("objectClass"), STAMPS)) {
            advance(entry);
        }
        known = listDns(connection);
    }

    @Override
    public void poll(LDAPConnection connection) throws LDAPException {
        Filter filter = newestText == null ? Filter.createPresenceFilter("modifyTimestamp")
                : Filter.createGreaterOrEqualFilter("modifyTimestamp", newestText);
        for (SearchResultEntry entry : search(connection, filter, STAMPS)) {
            DN dn = entry.getParsedDN();
            Date stamp = entry.getAttributeValueAsDate("modifyTimestamp");
            if (stamp != null && stamp.equals(newest) && version(entry).equals(atNewest.get(dn))) {
                continue;
            }
            boolean isNew = !known.contains(dn);
            sink.change(isNew ? DirectoryChange.Kind.ADD : DirectoryChange.Kind.MODIFY, dn,
                    stamp == null ? null : stamp.toInstant());
            advance(entry);
        }
        Set<DN> present = listDns(connection);
        for (DN gone : known) {
            if (!present.contains(gone)) {
                sink.change(DirectoryChange.Kind.DELETE, gone, null);
            }
        }
        known = present;
    }

    @Override
    public String describe() {
        return "modifyTimestamp";
    }

    private void advance(SearchResultEntry entry) throws LDAPException {
        Date stamp = entry.getAttributeValueAsDate("modifyTimestamp");
        if (stamp == null) {
            return;
        }
        if (newest == null || stamp.after(newest)) {
            newest = stamp;
            newestText = entry.getAttributeValue("modifyTimestamp");
            atNewest = new HashMap<>();
        }
        if (stamp.equals(newest)) {
            atNewest.put(entry.getParsedDN(), version(entry));
        }
    }

    private static String version(SearchResultEntry entry) {
        String csn = entry.getAttributeValue("entryCSN");
        String usn = entry.getAttributeValue("uSNChanged");
        return csn != null ? csn : usn != null ? usn : "";
    }

    private Set<DN> listDns(LDAPConnection connection) throws LDAPException {
        Set<DN> dns = new HashSet<>();
        for (SearchResultEntry entry : search(connection, Filter.createPresenceFilter("objectClass"), "1.1")) {
            dns.add(entry.getParsedDN());
        }
        return dns;
    }

    private List<SearchResultEntry> search(LDAPConnection connection, Filter filter, String... attributes)
            throws LDAPException {
        List<SearchResultEntry> all = new java.util.ArrayList<>();
        for (DN base : settings.bases()) {
            all.addAll(connection.search(new SearchRequest(base.toString(), SearchScope.SUB, filter, attributes))
                    .getSearchEntries());
        }
        return all;
    }
}
