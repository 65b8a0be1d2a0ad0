package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finding users the way a directory browser does: by the start of their login name, full name or mail, or by the
 * start of one named attribute ({@code mail=ali}); and listing the users of one organizational unit.
 *
 * <p>What a person types is never parsed as filter text: it becomes the assertion value of a substring filter the
 * SDK builds, so {@code *)(uid=*} is a literal prefix nobody's name starts with, escaped on the wire as RFC 4515
 * asks. Only attributes that name or describe a person may be searched: a search by {@code userPassword} would
 * tell, one guessed prefix at a time, what the password is.
 */
public final class UserSearch {
    /** What may come before {@code =} in a search, besides the configured login-name attribute. */
    public static final List<String> SEARCHABLE = List.of("uid", "cn", "sn", "givenName", "displayName", "mail",
            "sAMAccountName", "userPrincipalName", "employeeNumber", "employeeID", "title", "department", "ou");
    private static final String[] ATTRIBUTES = {"cn", "displayName", "mail"};

    private final LDAPConnectionPool pool;
    private final DirectorySettings settings;
    private final Filter anyUser;
    private final int pageSize;

    UserSearch(DirectorySettings settings, LDAPConnectionPool pool, int pageSize) {
        this.pool = pool;
        this.settings = settings;
        this.anyUser = FilterTemplate.compile("directory.userFilter", settings.userFilter()).anyValue();
        this.pageSize = pageSize;
    }

    /**
     * Users whose login name, full name or mail starts with {@code text}, or, for {@code attribute=start}, whose
     * attribute starts with {@code start}; sorted by login name.
     *
     * @throws IllegalArgumentException for an attribute that may not be searched, or nothing to search for
     */
    public List<UserSummary> find(String text, int limit) throws DirectoryUnavailableException {
        return search(settings.userBase(), SearchScope.SUB, Filter.createANDFilter(anyUser, match(text)), limit);
    }

    /** The users directly in {@code ou} (one level), sorted by login name. */
    public List<UserSummary> in(DN ou, int limit) throws DirectoryUnavailableException {
        return search(ou.toString(), SearchScope.ONE, anyUser, limit);
    }

    /** The organizational units at and under the user base: where users may live. */
    public List<DN> units() throws DirectoryUnavailableException {
        SearchRequest request = new SearchRequest(settings.userBase(), SearchScope.SUB,
                Filter.createORFilter(Filter.createEqualityFilter("objectClass", "organizationalUnit"),
                        Filter.createEqualityFilter("objectClass", "container")), SearchRequest.NO_ATTRIBUTES);
        try {
            List<DN> units = new ArrayList<>();
            for (SearchResultEntry e : PagedSearch.search(pool, request, pageSize, 1000)) {
                units.add(e.getParsedDN());
            }
            units.sort(Comparator.comparing(DN::toString, String.CASE_INSENSITIVE_ORDER));
            return units;
        } catch (LDAPException e) {
            throw new DirectoryUnavailableException("cannot list the units under " + settings.userBase(), e);
        }
    }

    Filter match(String text) {
        String t = text == null ? "" : text.strip();
        int eq = t.indexOf('=');
        if (eq > 0 && t.substring(0, eq).strip().matches("[A-Za-z][A-Za-z0-9-]*")) {
            String attribute = t.substring(0, eq).strip();
            String value = t.substring(eq + 1).strip();
            if (searchable().stream().noneMatch(a -> a.equalsIgnoreCase(attribute))) {
                throw new IllegalArgumentException("users cannot be searched by " + attribute + "; search by one of "
                        + String.join(", ", searchable()));
            }
            return startsWith(attribute, required(value, attribute + "="));
        }
        String value = required(t, "");
        Set<String> attributes = new LinkedHashSet<>(List.of(settings.usernameAttribute(), "cn", "mail"));
        return Filter.createORFilter(attributes.stream().map(a -> startsWith(a, value)).toList());
    }

    private List<String> searchable() {
        Set<String> all = new LinkedHashSet<>(SEARCHABLE);
        all.add(settings.usernameAttribute());
        return List.copyOf(all);
    }

    private static String required(String value, String what) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("type the start of a name" + (what.isEmpty() ? "" : " after " + what));
        }
        return value;
    }

    private static Filter startsWith(String attribute, String value) {
        return Filter.createSubstringFilter(attribute, value, null, null);
    }

    private List<UserSummary> search(String base, SearchScope scope, Filter filter, int limit)
            throws DirectoryUnavailableException {
        String login = settings.usernameAttribute();
        String[] attributes = new String[ATTRIBUTES.length + 1];
        attributes[0] = login;
        System.arraycopy(ATTRIBUTES, 0, attributes, 1, ATTRIBUTES.length);
        try {
            List<UserSummary> users = new ArrayList<>();
            for (SearchResultEntry e : PagedSearch.search(pool, new SearchRequest(base, scope, filter, attributes),
                    pageSize, limit)) {
                String name = e.getAttributeValue("displayName") != null ? e.getAttributeValue("displayName")
                        : e.getAttributeValue("cn");
                users.add(new UserSummary(e.getParsedDN(), e.getAttributeValue(login), name,
                        e.getAttributeValue("mail")));
            }
            users.sort(Comparator.comparing(u -> u.username() == null ? "" : u.username().toLowerCase(Locale.ROOT)));
            return users;
        } catch (LDAPException e) {
            throw new DirectoryUnavailableException("cannot search users under " + base, e);
        }
    }

    /** One user found: entry, login name (null when the entry has none), full name and mail when present. */
    public record UserSummary(DN dn, String username, String name, String mail) {
    }
}
