package io.rolegate.engine.directory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;

import java.util.ArrayList;
import java.util.List;

/**
 * Searches that may return more entries than a server hands out at once (Active Directory stops at 1000), read
 * page by page with the simple paged results control (RFC 2696). All pages are read on one connection: servers tie
 * the cookie to the connection that started the search.
 */
final class PagedSearch {
    private PagedSearch() {
    }

    static List<SearchResultEntry> search(LDAPConnectionPool pool, SearchRequest request, int pageSize, int limit)
            throws LDAPException {
        LDAPConnection connection = pool.getConnection();
        try {
            List<SearchResultEntry> entries = read(connection, request, pageSize, limit);
            pool.releaseConnection(connection);
            return entries;
        } catch (LDAPException e) {
            pool.releaseConnectionAfterException(connection, e);
            throw e;
        }
    }

    private static List<SearchResultEntry> read(LDAPConnection connection, SearchRequest template, int pageSize,
                                                int limit) throws LDAPException {
        List<SearchResultEntry> entries = new ArrayList<>();
        ASN1OctetString cookie = null;
        while (true) {
            SearchRequest page = template.duplicate();
            // Not critical: a server without paging still answers, up to its own size limit.
            page.addControl(new SimplePagedResultsControl(pageSize, cookie, false));
            SearchResult result = connection.search(page);
            entries.addAll(result.getSearchEntries());
            SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
            if (response == null || !response.moreResultsToReturn()) {
                break;
            }
            cookie = response.getCookie();
            if (entries.size() >= limit) {
                // Tell the server to drop the rest of the result set instead of holding it for us.
                SearchRequest abandon = template.duplicate();
                abandon.addControl(new SimplePagedResultsControl(0, cookie, false));
                connection.search(abandon);
                break;
            }
        }
        return entries.size() > limit ? new ArrayList<>(entries.subList(0, limit)) : entries;
    }
}
