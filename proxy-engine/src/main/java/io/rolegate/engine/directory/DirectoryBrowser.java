package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Dns;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What the console's directory room shows: groups with member counts, members, nesting, a user. */
public final class DirectoryBrowser {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DirectoryBrowser.class);
    static final int PAGE_SIZE = 500;
    private static final String[] MEMBER_ATTRIBUTES = {"member", "uniqueMember", "memberUid"};

    private final LDAPConnectionPool pool;
    private final Directory directory;
    private final DN groupBase;
    private final Filter groupFilter;
    private final int pageSize;
    private final UserSearch users;

    DirectoryBrowser(DirectorySettings settings, LDAPConnectionPool pool, Directory directory, int pageSize) {
        this.users = new UserSearch(settings, pool, pageSize);
        this.pool = pool;
        this.directory = directory;
        this.groupBase = Dns.parse(settings.groupBase());
        this.groupFilter = LdapFilters.parse("directory.groupFilter", settings.groupFilter());
        this.pageSize = pageSize;
    }

    /**
     * Groups under groupBase whose cn contains {@code nameContains} (all groups when empty), sorted by name.
     *
     * @param limit at most this many; the search stops paging once it has them
     */
    public List<GroupSummary> listGroups(String nameContains, int limit) throws DirectoryUnavailableException {
        Filter filter = nameContains == null || nameContains.isEmpty() ? groupFilter
                : Filter.createANDFilter(groupFilter,
                        Filter.createSubstringFilter("cn", null, new String[]{nameContains}, null));
        SearchRequest request = new SearchRequest(groupBase.toString(), SearchScope.SUB, filter,
                "cn", "description", "member", "uniqueMember", "memberUid");
        try {
            List<GroupSummary> groups = new ArrayList<>();
            for (SearchResultEntry e : PagedSearch.search(pool, request, pageSize, limit)) {
                groups.add(new GroupSummary(e.getParsedDN(), nameOf(e), e.getAttributeValue("description"),
                        memberCount(e)));
            }
            groups.sort(Comparator.comparing(GroupSummary::name, String.CASE_INSENSITIVE_ORDER));
            return groups;
        } catch (LDAPException e) {
            throw new DirectoryUnavailableException("cannot list groups under " + groupBase, e);
        }
    }

    /** Users by name, mail or another attribute, and per organizational unit. */
    public UserSearch users() {
        return users;
    }

    /** Members of {@code group}, nested groups apart from users. */
    public GroupMembers members(DN group) throws DirectoryUnavailableException {
        try {
            Entry entry = pool.getEntry(group.toString(), MEMBER_ATTRIBUTES);
            if (entry == null) {
                return new GroupMembers(group, List.of(), List.of(), List.of());
            }
            List<DN> users = new ArrayList<>();
            List<DN> groups = new ArrayList<>();
            for (String attribute : new String[]{"member", "uniqueMember"}) {
                for (DN member : dnValues(entry, attribute)) {
                    (isGroup(member) ? groups : users).add(member);
                }
            }
            String[] uids = entry.getAttributeValues("memberUid");
            return new GroupMembers(group, users, groups, uids == null ? List.of() : List.of(uids));
        } catch (LDAPException e) {
            throw new DirectoryUnavailableException("cannot read the members of " + group, e);
        }
    }

    /** Groups that contain {@code group}: one level up. */
    public List<DN> parents(DN group) throws DirectoryUnavailableException {
        String dn = group.toString();
        Filter filter = Filter.createANDFilter(groupFilter, Filter.createORFilter(
                Filter.createEqualityFilter("member", dn), Filter.createEqualityFilter("uniqueMember", dn)));
        try {
            List<DN> parents = new ArrayList<>();
            for (SearchResultEntry e : PagedSearch.search(pool, new SearchRequest(groupBase.toString(),
                    SearchScope.SUB, filter, SearchRequest.NO_ATTRIBUTES), pageSize, Integer.MAX_VALUE)) {
                parents.add(e.getParsedDN());
            }
            return parents;
        } catch (LDAPException e) {
            throw new DirectoryUnavailableException("cannot find the groups containing " + group, e);
        }
    }

    /** Groups nested directly in {@code group}: one level down. */
    public List<DN> children(DN group) throws DirectoryUnavailableException {
        return members(group).groups();
    }

    /** A user with account state and every group, each with its path; the same answer a login would get. */
    public LookupResult user(String username) {
        return directory.lookup(username);
    }

    private boolean isGroup(DN member) throws LDAPException {
        if (!member.isDescendantOf(groupBase, false)) {
            return false;
        }
        Entry entry = pool.getEntry(member.toString(), "objectClass");
        // matchesEntry handles the objectClass filters group filters are made of; anything else counts as a user.
        return entry != null && groupFilter.matchesEntry(entry);
    }

    private static List<DN> dnValues(Entry entry, String attribute) {
        List<DN> dns = new ArrayList<>();
        String[] values = entry.getAttributeValues(attribute);
        if (values != null) {
            for (String v : values) {
                try {
                    dns.add(new DN(v));
                } catch (LDAPException e) {
                    // One broken value should not hide the rest of the group from the console.
                    log.warn("directory: ignoring {} value '{}' of {}: not a DN ({})", attribute, v, entry.getDN(),
                            e.getDiagnosticMessage());
                }
            }
        }
        return dns;
    }

    private static String nameOf(Entry entry) {
        String cn = entry.getAttributeValue("cn");
        return cn != null ? cn : entry.getDN();
    }

    private static int memberCount(Entry entry) {
        int count = 0;
        for (String attribute : MEMBER_ATTRIBUTES) {
            String[] values = entry.getAttributeValues(attribute);
            count += values == null ? 0 : values.length;
        }
        return count;
    }
}
