package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Finds a user's entry by login name, with the service account. */
final class UserEntries {
    /** Never copied into a {@link DirectoryUser}: it is cached, shown in the console and handed to policies. */
    private static final Set<String> SECRET_ATTRIBUTES = Set.of("userpassword", "unicodepwd", "authpassword",
            "sambantpassword", "sambalmpassword", "pwdhistory", "ntpwdhistory", "lmpwdhistory", "supplementalcredentials");

    sealed interface Found permits Present, Missing {
    }

    record Present(Entry entry) implements Found {
    }

    /** @param templateDn the DN the template produced, when a template was used; the bind may still work */
    record Missing(String detail, DN templateDn) implements Found {
    }

    private final DirectorySettings settings;
    private final FilterTemplate userFilter;
    private final DnTemplate dnTemplate;
    private final String[] attributes;
    private final LoginNames loginNames;

    UserEntries(DirectorySettings settings) {
        this.settings = settings;
        this.userFilter = FilterTemplate.compile("directory.userFilter", settings.userFilter());
        this.dnTemplate = settings.userDnTemplate() == null ? null : DnTemplate.compile(settings.userDnTemplate());
        this.loginNames = new LoginNames(settings);
        List<String> attrs = new ArrayList<>(List.of("*", "memberOf", settings.usernameAttribute()));
        // Operational on OpenLDAP and 389-DS, so they are only returned when asked for by name.
        attrs.addAll(Arrays.asList(AccountStateEvaluator.ATTRIBUTES));
        attrs.addAll(Arrays.asList(EntryIds.ATTRIBUTES));
        this.attributes = attrs.toArray(String[]::new);
    }

    /**
     * The entry {@code username} names, in any form {@code directory.loginNames} accepts: {@code ACME\alice} is
     * looked up as {@code alice}, {@code alice@acme.test} by userPrincipalName. A form not accepted finds nothing.
     */
    Found find(LDAPInterface ldap, String username) throws LDAPException {
        LoginNames.Lookup lookup;
        try {
            lookup = loginNames.lookup(username);
        } catch (IllegalArgumentException notAccepted) {
            return new Missing(notAccepted.getMessage(), null);
        }
        if (lookup.form() == LoginNameForm.UPN) {
            return search(ldap, loginNames.upnFilter(lookup.name()), "the user principal name '" + username + "'");
        }
        return dnTemplate == null ? search(ldap, lookup.name()) : read(ldap, dnTemplate.apply(lookup.name()));
    }

    LoginNames loginNames() {
        return loginNames;
    }

    private Found read(LDAPInterface ldap, DN dn) throws LDAPException {
        Entry entry = read(ldap, dn.toString());
        return entry == null ? new Missing("no entry " + dn + " readable by the service account", dn)
                : new Present(entry);
    }

    /** The entry with every attribute Rolegate needs, or null when it does not exist or cannot be read. */
    Entry read(LDAPInterface ldap, String dn) throws LDAPException {
        try {
            return ldap.getEntry(dn, attributes);
        } catch (LDAPException e) {
            // Access control answers a read it refuses with 50 (or 32 to hide the entry); both mean "not for you".
            if (e.getResultCode() == ResultCode.INSUFFICIENT_ACCESS_RIGHTS
                    || e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return null;
            }
            throw e;
        }
    }

    private Found search(LDAPInterface ldap, String username) throws LDAPException {
        return search(ldap, userFilter.apply(username), "the user filter for '" + username + "'");
    }

    /** The one entry under userBase matching {@code filter} (built by the caller from a template, never spliced). */
    Found search(LDAPInterface ldap, com.unboundid.ldap.sdk.Filter filter, String what) throws LDAPException {
        SearchRequest request = new SearchRequest(settings.userBase(), SearchScope.SUB, filter, attributes);
        // Two are enough to know the name is ambiguous.
        request.setSizeLimit(2);
        SearchResult result;
        try {
            result = ldap.search(request);
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return ambiguous(what);
            }
            throw e;
        }
        if (result.getEntryCount() == 0) {
            return new Missing("no entry under " + settings.userBase() + " matches " + request.getFilter(), null);
        }
        if (result.getEntryCount() > 1) {
            return ambiguous(what);
        }
        return new Present(result.getSearchEntries().get(0));
    }

    private Found ambiguous(String what) {
        return new Missing("several entries under " + settings.userBase() + " match " + what + "; refusing to guess",
                null);
    }

    /** The entry's attributes minus password material, names as the server spelled them. */
    static Map<String, List<String>> publicAttributes(Entry entry) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Attribute a : entry.getAttributes()) {
            if (!SECRET_ATTRIBUTES.contains(a.getBaseName().toLowerCase(Locale.ROOT))) {
                out.put(a.getName(), List.of(a.getValues()));
            }
        }
        return out;
    }
}
