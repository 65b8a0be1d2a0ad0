package io.rolegate.engine.directory.watch;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

/**
 * Polls a changelog in the draft-good-ldap-changelog shape ({@code cn=changelog}, {@code changeNumber},
 * {@code targetDN}, {@code changeType}), as offered by the UnboundID in-memory server, 389-DS's retro changelog and
 * others. The position is the last change number handled; a changelog trimmed past it means missed changes.
 */
final class ChangelogPoller implements Poller {
    private static final int BATCH = 500;
    private static final String[] ATTRIBUTES =
            {"changeNumber", "targetDN", "changeType", "newRDN", "newSuperior", "changeTime"};

    private final WatchSettings settings;
    private final ChangeSink sink;
    private String changelogDn;
    private Long position;

    ChangelogPoller(WatchSettings settings, ChangeSink sink) {
        this.settings = settings;
        this.sink = sink;
    }

    /** Whether the root DSE advertises a changelog this poller can read. */
    static boolean offeredBy(RootDSE root) {
        return root != null && root.hasAttribute("changelog") && root.hasAttribute("lastChangeNumber");
    }

    @Override
    public void begin(LDAPConnection connection, boolean resumed) throws LDAPException {
        RootDSE root = connection.getRootDSE();
        changelogDn = root.getAttributeValue("changelog");
        long first = numberOr(root, "firstChangeNumber", 0);
        long last = numberOr(root, "lastChangeNumber", 0);
        if (position == null) {
            position = last;
        } else if (last < position) {
            sink.resync("the changelog restarted (last change " + last + " < position " + position + ")");
            position = last;
        } else if (first > position + 1) {
            sink.resync("the changelog was trimmed past position " + position + " (first change now " + first + ")");
            position = last;
        }
    }

    @Override
    public void poll(LDAPConnection connection) throws LDAPException {
        int returned;
        do {
            SearchRequest request = new SearchRequest(changelogDn, SearchScope.ONE,
                    Filter.createGreaterOrEqualFilter("changeNumber", Long.toString(position + 1)), ATTRIBUTES);
            request.setSizeLimit(BATCH);
            SearchResult result;
            try {
                result = connection.search(request);
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                    throw e;
                }
                result = ((com.unboundid.ldap.sdk.LDAPSearchException) e).getSearchResult();
            }
            List<SearchResultEntry> entries = result.getSearchEntries().stream()
                    .sorted(Comparator.comparingLong(ChangelogPoller::changeNumber)).toList();
            returned = entries.size();
            for (SearchResultEntry entry : entries) {
                long number = changeNumber(entry);
                if (number > position + 1) {
                    sink.resync("changelog numbers jumped from " + position + " to " + number);
                }
                deliver(entry);
                position = number;
            }
        } while (returned >= BATCH);
    }

    @Override
    public String describe() {
        return "changelog " + changelogDn;
    }

    private void deliver(SearchResultEntry entry) throws LDAPException {
        String target = entry.getAttributeValue("targetDN");
        String type = entry.getAttributeValue("changeType");
        if (target == null || type == null) {
            return;
        }
        DN dn = new DN(target);
        Date when = entry.getAttributeValueAsDate("changeTime");
        Instant serverTime = when == null ? null : when.toInstant();
        switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "add" -> report(DirectoryChange.Kind.ADD, dn, serverTime);
            case "delete" -> report(DirectoryChange.Kind.DELETE, dn, serverTime);
            case "modify" -> report(DirectoryChange.Kind.MODIFY, dn, serverTime);
            case "modrdn", "moddn" -> {
                report(DirectoryChange.Kind.MODDN, dn, serverTime);
                String newRdn = entry.getAttributeValue("newRDN");
                String newSuperior = entry.getAttributeValue("newSuperior");
                if (newRdn != null) {
                    DN parent = newSuperior != null ? new DN(newSuperior) : dn.getParent();
                    report(DirectoryChange.Kind.MODDN, new DN(new RDN(newRdn), parent), serverTime);
                }
            }
            default -> sink.resync("unknown changelog change type '" + type + "' for " + target);
        }
    }

    private void report(DirectoryChange.Kind kind, DN dn, Instant serverTime) {
        if (settings.watches(dn)) {
            sink.change(kind, dn, serverTime);
        }
    }

    private static long changeNumber(SearchResultEntry entry) {
        Long number = entry.getAttributeValueAsLong("changeNumber");
        return number == null ? -1 : number;
    }

    private static long numberOr(RootDSE root, String attribute, long fallback) {
        Long value = root.getAttributeValueAsLong(attribute);
        return value == null ? fallback : value;
    }
}
