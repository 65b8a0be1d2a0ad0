package io.rolegate.engine.directory.watch;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.StaticUtils;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the AD notification watcher knows about the objects under the watched bases: objectGUID → DN (learned by
 * one paged listing per connect), so a notification can be told apart as ADD, MODIFY or MODDN, and the containers
 * below the bases, each of which needs its own one-level registration. Only touched on the watcher thread.
 */
final class AdObjects {
    static final String[] ATTRIBUTES = {"objectGUID", "objectClass", "isDeleted", "lastKnownParent", "whenChanged"};
    private static final int PAGE = 500;
    private static final String DELETED_MARK = "\nDEL:";

    /** One change worked out from a notification. */
    record Change(DirectoryChange.Kind kind, DN dn, Instant serverTime) { }

    /** What a notification means; {@code newContainer} is a container that now needs a registration. */
    record Outcome(List<Change> changes, DN newContainer) { }

    private final WatchSettings settings;
    private final Map<String, DN> dnByGuid = new HashMap<>();

    AdObjects(WatchSettings settings) {
        this.settings = settings;
    }

    /** Lists every object under the bases; returns the bases and every container below them. */
    List<DN> learn(LDAPConnection connection) throws LDAPException {
        dnByGuid.clear();
        List<DN> containers = new ArrayList<>(settings.bases());
        for (DN base : settings.bases()) {
            for (SearchResultEntry entry : listAll(connection, base)) {
                DN dn = entry.getParsedDN();
                String guid = guid(entry);
                if (guid != null) {
                    dnByGuid.put(guid, dn);
                }
                if (isContainer(entry) && !dn.equals(base)) {
                    containers.add(dn);
                }
            }
        }
        return containers;
    }

    Outcome interpret(SearchResultEntry entry) throws LDAPException {
        DN dn = entry.getParsedDN();
        String guid = guid(entry);
        Date changed = entry.getAttributeValueAsDate("whenChanged");
        Instant serverTime = changed == null ? null : changed.toInstant();
        List<Change> changes = new ArrayList<>();
        if (Boolean.TRUE.equals(entry.getAttributeValueAsBoolean("isDeleted"))) {
            DN before = guid == null ? null : dnByGuid.remove(guid);
            DN original = before != null ? before : originalDn(entry);
            if (original != null && settings.watches(original)) {
                changes.add(new Change(DirectoryChange.Kind.DELETE, original, serverTime));
            }
            return new Outcome(changes, null);
        }
        DN before = guid == null ? null : dnByGuid.put(guid, dn);
        if (before == null) {
            add(changes, DirectoryChange.Kind.ADD, dn, serverTime);
        } else if (!before.equals(dn)) {
            add(changes, DirectoryChange.Kind.MODDN, before, serverTime);
            add(changes, DirectoryChange.Kind.MODDN, dn, serverTime);
        } else {
            add(changes, DirectoryChange.Kind.MODIFY, dn, serverTime);
        }
        boolean newContainer = isContainer(entry) && !dn.equals(before) && settings.watches(dn);
        return new Outcome(changes, newContainer ? dn : null);
    }

    private void add(List<Change> changes, DirectoryChange.Kind kind, DN dn, Instant serverTime) {
        if (settings.watches(dn)) {
            changes.add(new Change(kind, dn, serverTime));
        }
    }

    /** {@code CN=dave\nDEL:<guid>,CN=Deleted Objects,...} with lastKnownParent → {@code CN=dave,<parent>}. */
    static DN originalDn(SearchResultEntry entry) throws LDAPException {
        String parent = entry.getAttributeValue("lastKnownParent");
        RDN rdn = entry.getParsedDN().getRDN();
        if (parent == null || rdn == null) {
            return null;
        }
        String value = rdn.getAttributeValues()[0];
        int mark = value.indexOf(DELETED_MARK);
        String name = mark >= 0 ? value.substring(0, mark) : value;
        return new DN(new RDN(rdn.getAttributeNames()[0], name), new DN(parent));
    }

    private static boolean isContainer(SearchResultEntry entry) {
        return entry.hasObjectClass("organizationalUnit") || entry.hasObjectClass("container");
    }

    private static String guid(SearchResultEntry entry) {
        byte[] value = entry.getAttributeValueBytes("objectGUID");
        return value == null ? null : StaticUtils.toHex(value);
    }

    private static List<SearchResultEntry> listAll(LDAPConnection connection, DN base) throws LDAPException {
        List<SearchResultEntry> entries = new ArrayList<>();
        ASN1OctetString cookie = null;
        do {
            SearchRequest request = new SearchRequest(base.toString(), SearchScope.SUB,
                    Filter.createPresenceFilter("objectClass"), "objectGUID", "objectClass");
            request.addControl(new SimplePagedResultsControl(PAGE, cookie));
            SearchResult result = connection.search(request);
            entries.addAll(result.getSearchEntries());
            SimplePagedResultsControl paged = SimplePagedResultsControl.get(result);
            cookie = paged == null || !paged.moreResultsToReturn() ? null : paged.getCookie();
        } while (cookie != null);
        return entries;
    }
}
