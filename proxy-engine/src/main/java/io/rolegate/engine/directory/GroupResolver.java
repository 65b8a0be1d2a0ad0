package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Dns;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds every group a user is in. Direct memberships come from the user's {@code memberOf} when the server keeps
 * it, else from searches for the user's DN in {@code member}/{@code uniqueMember} and the user name in
 * {@code memberUid}. Nesting is followed by searching for each group's DN in other groups' member attributes.
 * Active Directory answers the whole chain in one search with the in-chain matching rule; the paths are then
 * rebuilt from the {@code memberOf} of the groups returned, without further searches.
 */
final class GroupResolver {
    static final String IN_CHAIN_RULE = "1.2.840.113556.1.4.1941";
    /** Constructed by Active Directory on request, and only in a base-scope search. */
    static final String MEMBER_OF_TRANSITIVE = "msds-memberOfTransitive";
    private static final Logger log = LoggerFactory.getLogger(GroupResolver.class);

    private final DirectorySettings settings;
    private final DN groupBase;
    private final Filter groupFilter;

    GroupResolver(DirectorySettings settings) {
        this.settings = settings;
        this.groupBase = Dns.parse(settings.groupBase());
        this.groupFilter = LdapFilters.parse("directory.groupFilter", settings.groupFilter());
    }

    /**
     * @param changedGroups groups the caller knows were just written: for these the group entry, not the user's
     *                      {@code memberOf}, says whether the user is a direct member (see {@link #memberOf})
     */
    List<ResolvedGroup> resolve(LDAPInterface ldap, Entry user, String username, Set<DN> changedGroups)
            throws LDAPException {
        return switch (settings.groupResolution().effective(settings.flavour())) {
            case IN_CHAIN -> activeDirectory(ldap, user);
            case MEMBEROF_TRANSITIVE -> memberOfTransitive(ldap, user);
            default -> GroupGraph.walk(direct(ldap, user, username, changedGroups), group -> parents(ldap, group),
                    settings.maxNestingDepth());
        };
    }

    /**
     * The server's own expansion, in one read of the user entry. It names the groups, not the chain between them:
     * the user's memberOf marks the direct ones, every other is kept as vouched for by the server. A server that
     * does not construct the attribute answers with no value, so the user is in no group and is refused — never
     * let in on a guess.
     */
    private List<ResolvedGroup> memberOfTransitive(LDAPInterface ldap, Entry user) throws LDAPException {
        SearchResultEntry read = ldap.getEntry(user.getDN(), MEMBER_OF_TRANSITIVE, "memberOf");
        if (read == null) {
            return List.of();
        }
        Map<DN, Set<DN>> groups = new HashMap<>();
        for (DN dn : underGroupBase(read.getAttributeValues(MEMBER_OF_TRANSITIVE), user.getDN())) {
            groups.put(dn, Set.of());
        }
        return activeDirectoryPaths(read, groups, settings.maxNestingDepth(), groupBase,
                ResolvedGroup.How.MEMBER_OF_TRANSITIVE);
    }

    private List<ResolvedGroup> direct(LDAPInterface ldap, Entry user, String username, Set<DN> changedGroups)
            throws LDAPException {
        List<ResolvedGroup> direct = new ArrayList<>();
        String[] memberOf = user.getAttributeValues("memberOf");
        if (memberOf != null && memberOf.length > 0) {
            for (DN dn : memberOf(ldap, user, changedGroups)) {
                direct.add(ResolvedGroup.direct(dn, ResolvedGroup.How.MEMBER_OF));
            }
        } else {
            String userDn = user.getDN();
            addAll(direct, groups(ldap, Filter.createEqualityFilter("member", userDn)), ResolvedGroup.How.MEMBER);
            addAll(direct, groups(ldap, Filter.createEqualityFilter("uniqueMember", userDn)),
                    ResolvedGroup.How.UNIQUE_MEMBER);
        }
        // Searched even when memberOf is present: memberOf overlays track DN-valued member attributes only, never
        // posixGroup's memberUid, which holds user names.
        addAll(direct, groups(ldap, Filter.createEqualityFilter("memberUid", username)),
                ResolvedGroup.How.MEMBER_UID);
        return direct;
    }

    /**
     * The user's memberOf, corrected by the groups just written. OpenLDAP's memberof overlay updates the members'
     * memberOf only after the group write, and syncprov announces the group before that (the member entries'
     * updates are never announced at all): a re-evaluation started by the announcement can read the old
     * memberOf. So for each changed group that lists members by DN, its member/uniqueMember values decide. A
     * group that is gone no longer counts; one without DN-valued members (memberOf computed some other way) is
     * left to memberOf.
     */
    private List<DN> memberOf(LDAPInterface ldap, Entry user, Set<DN> changedGroups) throws LDAPException {
        List<DN> claimed = underGroupBase(user.getAttributeValues("memberOf"), user.getDN());
        for (DN group : changedGroups) {
            if (!group.isDescendantOf(groupBase, false)) {
                continue;
            }
            Boolean member = listsAsMember(ldap, group, user.getDN());
            if (Boolean.FALSE.equals(member)) {
                claimed.remove(group);
            } else if (Boolean.TRUE.equals(member) && !claimed.contains(group)) {
                claimed.add(group);
            }
        }
        return claimed;
    }

    /** Whether {@code group}'s DN-valued member attributes hold {@code userDn}; null when it has none. */
    private static Boolean listsAsMember(LDAPInterface ldap, DN group, String userDn) throws LDAPException {
        Filter holdsUser = Filter.createORFilter(Filter.createEqualityFilter("member", userDn),
                Filter.createEqualityFilter("uniqueMember", userDn));
        Filter hasMembers = Filter.createORFilter(Filter.createPresenceFilter("member"),
                Filter.createPresenceFilter("uniqueMember"));
        try {
            if (!baseSearch(ldap, group, holdsUser).isEmpty()) {
                return Boolean.TRUE;
            }
            return baseSearch(ldap, group, hasMembers).isEmpty() ? null : Boolean.FALSE;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return Boolean.FALSE; // deleted (or renamed away) while memberOf still names it
            }
            throw e;
        }
    }

    private static List<SearchResultEntry> baseSearch(LDAPInterface ldap, DN entry, Filter filter)
            throws LDAPException {
        return ldap.search(new SearchRequest(entry.toString(), SearchScope.BASE, filter, SearchRequest.NO_ATTRIBUTES))
                .getSearchEntries();
    }

    private static void addAll(List<ResolvedGroup> into, Set<DN> groups, ResolvedGroup.How how) {
        for (DN dn : groups) {
            if (into.stream().noneMatch(g -> g.dn().equals(dn))) {
                into.add(ResolvedGroup.direct(dn, how));
            }
        }
    }

    private Set<DN> parents(LDAPInterface ldap, DN group) throws LDAPException {
        String dn = group.toString();
        return groups(ldap, Filter.createORFilter(Filter.createEqualityFilter("member", dn),
                Filter.createEqualityFilter("uniqueMember", dn)));
    }

    /** DNs of the groups under groupBase matching groupFilter and {@code condition}. */
    private Set<DN> groups(LDAPInterface ldap, Filter condition) throws LDAPException {
        SearchRequest request = new SearchRequest(groupBase.toString(), SearchScope.SUB,
                Filter.createANDFilter(groupFilter, condition), SearchRequest.NO_ATTRIBUTES);
        Set<DN> found = new LinkedHashSet<>();
        for (SearchResultEntry e : ldap.search(request).getSearchEntries()) {
            found.add(e.getParsedDN());
        }
        return found;
    }

    private List<ResolvedGroup> activeDirectory(LDAPInterface ldap, Entry user) throws LDAPException {
        // objectClass=group keeps the in-chain walk to groups even when the admin's groupFilter is broader.
        Filter inChain = Filter.createANDFilter(groupFilter, Filter.createEqualityFilter("objectClass", "group"),
                Filter.createExtensibleMatchFilter("member", IN_CHAIN_RULE, false, user.getDN()));
        SearchRequest request = new SearchRequest(groupBase.toString(), SearchScope.SUB, inChain, "memberOf");
        Map<DN, Set<DN>> parentsInChain = new HashMap<>();
        for (SearchResultEntry e : ldap.search(request).getSearchEntries()) {
            parentsInChain.put(e.getParsedDN(), new LinkedHashSet<>(underGroupBase(e.getAttributeValues("memberOf"),
                    e.getDN())));
        }
        return activeDirectoryPaths(user, parentsInChain, settings.maxNestingDepth(), groupBase,
                ResolvedGroup.How.IN_CHAIN);
    }

    /**
     * Rebuilds paths for the in-chain answer: the user's own memberOf gives the direct groups, each group's
     * memberOf its parents. A group the chain returned but the walk did not reach (e.g. the user's memberOf is
     * not readable) is still a membership the server vouched for, so it is kept, marked {@code vouched}.
     */
    static List<ResolvedGroup> activeDirectoryPaths(Entry user, Map<DN, Set<DN>> parentsInChain, int maxDepth,
                                                    DN groupBase, ResolvedGroup.How vouched) throws LDAPException {
        List<ResolvedGroup> direct = new ArrayList<>();
        for (DN dn : underGroupBase(user.getAttributeValues("memberOf"), groupBase, user.getDN())) {
            if (parentsInChain.containsKey(dn)) {
                direct.add(ResolvedGroup.direct(dn, ResolvedGroup.How.MEMBER_OF));
            }
        }
        List<ResolvedGroup> walked = GroupGraph.walk(direct, group -> {
            Set<DN> parents = new LinkedHashSet<>(parentsInChain.getOrDefault(group, Set.of()));
            parents.retainAll(parentsInChain.keySet());
            return parents;
        }, maxDepth);
        List<ResolvedGroup> all = new ArrayList<>(walked);
        for (DN dn : parentsInChain.keySet()) {
            if (all.stream().noneMatch(g -> g.dn().equals(dn))) {
                all.add(ResolvedGroup.direct(dn, vouched));
            }
        }
        return all;
    }

    private List<DN> underGroupBase(String[] values, String owner) {
        return underGroupBase(values, groupBase, owner);
    }

    /** Parses membership values, keeping only groups under groupBase; a malformed value is logged and skipped. */
    private static List<DN> underGroupBase(String[] values, DN groupBase, String owner) {
        List<DN> dns = new ArrayList<>();
        if (values == null) {
            return dns;
        }
        for (String value : values) {
            try {
                DN dn = new DN(value);
                if (dn.isDescendantOf(groupBase, true)) {
                    dns.add(dn);
                }
            } catch (LDAPException e) {
                // One garbled value must not lock the user out of every other group; it only costs this one.
                log.warn("directory: ignoring memberOf value '{}' of {}: not a DN ({})", value, owner,
                        e.getDiagnosticMessage());
            }
        }
        return dns;
    }
}
