package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Secret;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How Rolegate reaches the directory and where it finds users and groups. Immutable and validated on construction,
 * so a bad filter or URL is reported when the configuration is loaded, not at the first login.
 *
 * @param urls             {@code ldap://} or {@code ldaps://} URLs, tried in this order (failover, not round robin)
 * @param startTls         upgrade {@code ldap://} connections with StartTLS before anything else is sent
 * @param trustCa          PEM file with the CA certificate(s) to trust; {@code null} = the JDK's default trust store
 * @param bindDn           service account for searches; {@code null} = anonymous searches
 * @param bindPassword     the service account's password; never printed
 * @param userBase         subtree where users live
 * @param userFilter       filter with a {@code {user}} placeholder, e.g. {@code (&(objectClass=person)(uid={user}))}
 * @param userDnTemplate   optional DN with a {@code {user}} placeholder: bind directly, no search first
 * @param usernameAttribute attribute whose value becomes the Postgres login role name
 * @param groupBase        subtree where groups live
 * @param groupFilter      which entries under {@code groupBase} are groups
 * @param denyFilter       optional admin filter: a user entry matching it may not log in; {@code null} = none
 * @param outageGrace      while the directory cannot be reached, a user's last successful login younger than this
 *                         is honoured (same password only); zero = fail closed at once (the default)
 * @param groupResolution  how nested groups are found; {@code AUTO} picks by flavour
 * @param loginNames       the forms a client may write its user name in; Active Directory: account, upn and
 *                         downLevel by default, other flavours: account only (upn and downLevel are AD forms)
 * @param downLevelDomain  the NetBIOS domain a down-level name ({@code ACME\alice}) must name; by default the first
 *                         {@code dc=} of {@code userBase}, upper-cased
 * @param allowPlainLdap   the operator accepts {@code ldap://} without StartTLS to a directory that is not on
 *                         loopback, passwords in clear on the network included (see {@link PlainLdap})
 */
public record DirectorySettings(
        List<String> urls,
        boolean startTls,
        Path trustCa,
        String bindDn,
        Secret bindPassword,
        String userBase,
        String userFilter,
        String userDnTemplate,
        String usernameAttribute,
        String groupBase,
        String groupFilter,
        DirectoryFlavour flavour,
        Duration cacheTtl,
        Duration negativeCacheTtl,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxNestingDepth,
        String denyFilter,
        int poolSize,
        io.rolegate.engine.directory.WatchMode watch,
        Duration pollInterval,
        Duration reconcileInterval,
        Duration outageGrace,
        GroupResolution groupResolution,
        java.util.Set<LoginNameForm> loginNames,
        String downLevelDomain,
        boolean allowPlainLdap) {

    public DirectorySettings {
        urls = List.copyOf(Objects.requireNonNull(urls, "urls"));
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("directory.urls: at least one ldap:// or ldaps:// URL is needed");
        }
        urls.forEach(DirectorySettings::checkUrl);
        flavour = Objects.requireNonNull(flavour, "flavour");
        bindPassword = bindPassword == null ? Secret.empty() : bindPassword;
        userFilter = userFilter == null ? flavour.defaultUserFilter() : userFilter;
        usernameAttribute = usernameAttribute == null ? flavour.defaultUsernameAttribute() : usernameAttribute;
        groupFilter = groupFilter == null ? flavour.defaultGroupFilter() : groupFilter;
        cacheTtl = cacheTtl == null ? Duration.ofMinutes(1) : cacheTtl;
        negativeCacheTtl = negativeCacheTtl == null ? Duration.ofSeconds(10) : negativeCacheTtl;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(3) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(5) : responseTimeout;
        maxNestingDepth = maxNestingDepth <= 0 ? 10 : maxNestingDepth;
        poolSize = poolSize <= 0 ? 8 : poolSize;
        watch = watch == null ? io.rolegate.engine.directory.WatchMode.AUTO : watch;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        reconcileInterval = reconcileInterval == null ? Duration.ofMinutes(5) : reconcileInterval;
        outageGrace = outageGrace == null ? Duration.ZERO : outageGrace;
        groupResolution = groupResolution == null ? GroupResolution.AUTO : groupResolution;
        if (outageGrace.isNegative()) {
            throw new IllegalArgumentException("directory.outageGrace: must not be negative");
        }
        checkDn("directory.userBase", Objects.requireNonNull(userBase, "userBase"));
        checkDn("directory.groupBase", Objects.requireNonNull(groupBase, "groupBase"));
        if (bindDn != null) {
            checkBindName(bindDn);
        }
        boolean ad = flavour == DirectoryFlavour.ACTIVE_DIRECTORY;
        loginNames = loginNames == null || loginNames.isEmpty() ? defaultLoginNames(ad, userFilter, usernameAttribute)
                : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(loginNames));
        if (!ad && !loginNames.equals(java.util.Set.of(LoginNameForm.ACCOUNT))) {
            throw new IllegalArgumentException("directory.loginNames: upn and downLevel are Active Directory forms;"
                    + " with flavour " + flavour.name().toLowerCase(java.util.Locale.ROOT) + " only account applies");
        }
        if (loginNames.contains(LoginNameForm.UPN)) {
            LoginNames.upnFilter(userFilter, usernameAttribute);
        }
        downLevelDomain = downLevelDomain == null || downLevelDomain.isBlank() ? firstDc(userBase)
                : downLevelDomain.strip();
        if (ad && loginNames.contains(LoginNameForm.DOWN_LEVEL) && downLevelDomain == null) {
            throw new IllegalArgumentException("directory.downLevelDomain: needed for downLevel login names (ACME"
                    + "\\alice): userBase " + userBase + " has no dc= to take it from");
        }
        FilterTemplate.compile("directory.userFilter", userFilter);
        if (userDnTemplate != null) {
            DnTemplate.compile(userDnTemplate);
        }
        LdapFilters.parse("directory.groupFilter", groupFilter);
        if (denyFilter != null) {
            LdapFilters.parse("directory.denyFilter", denyFilter);
        }
    }

    /** A builder starting from the flavour's defaults; {@code urls}, {@code userBase} and {@code groupBase} are required. */
    public static Builder builder(DirectoryFlavour flavour) {
        return new Builder(flavour);
    }

    public Builder toBuilder() {
        return new Builder(flavour).urls(urls).startTls(startTls).trustCa(trustCa).bind(bindDn, bindPassword)
                .userBase(userBase).userFilter(userFilter).userDnTemplate(userDnTemplate)
                .usernameAttribute(usernameAttribute).groupBase(groupBase).groupFilter(groupFilter)
                .cacheTtl(cacheTtl).negativeCacheTtl(negativeCacheTtl).connectTimeout(connectTimeout)
                .responseTimeout(responseTimeout).maxNestingDepth(maxNestingDepth).denyFilter(denyFilter)
                .poolSize(poolSize).watch(watch).pollInterval(pollInterval).reconcileInterval(reconcileInterval)
                .outageGrace(outageGrace).groupResolution(groupResolution).loginNames(loginNames)
                .downLevelDomain(downLevelDomain).allowPlainLdap(allowPlainLdap);
    }

    private static void checkUrl(String url) {
        try {
            String scheme = new LDAPURL(url).getScheme();
            if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
                throw new IllegalArgumentException("directory.urls: " + url + " is neither ldap:// nor ldaps://");
            }
        } catch (LDAPException e) {
            throw new IllegalArgumentException("directory.urls: " + url + " is not an LDAP URL: "
                    + e.getDiagnosticMessage(), e);
        }
    }

    /**
     * The service account as a DN, or as Active Directory admins write it: a UPN ({@code rolegate-svc@acme.test})
     * or a down-level name ({@code ACME\rolegate-svc}); AD binds with any of them.
     */
    private static void checkBindName(String name) {
        if (isAdBindName(name)) {
            return;
        }
        checkDn("directory.bindDn", name);
    }

    /** {@code name@domain} or {@code DOMAIN\name}, with nothing a DN would need. */
    public static boolean isAdBindName(String name) {
        int at = name.indexOf('@');
        int backslash = name.indexOf('\\');
        int split = at >= 0 ? at : backslash;
        if ((at >= 0) == (backslash >= 0) || split == 0 || split == name.length() - 1) {
            return false; // neither or both separators, or one side empty
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i != split && (c == '@' || c == '\\' || c == ',' || c == '=' || Character.isWhitespace(c))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Active Directory: every form, except upn when the user filter does not find the account by its name (then a
     * UPN could not meet the filter's other conditions); other flavours: the account name only.
     */
    private static java.util.Set<LoginNameForm> defaultLoginNames(boolean ad, String userFilter,
                                                                 String usernameAttribute) {
        if (!ad) {
            return java.util.Collections.unmodifiableSet(java.util.EnumSet.of(LoginNameForm.ACCOUNT));
        }
        java.util.Set<LoginNameForm> forms = java.util.EnumSet.allOf(LoginNameForm.class);
        try {
            LoginNames.upnFilter(userFilter, usernameAttribute);
        } catch (IllegalArgumentException noAccountPart) {
            forms.remove(LoginNameForm.UPN);
        }
        return java.util.Collections.unmodifiableSet(forms);
    }

    private static String firstDc(String base) {
        if (base == null) {
            return null;
        }
        try {
            for (com.unboundid.ldap.sdk.RDN rdn : new DN(base).getRDNs()) {
                if (rdn.hasAttribute("dc")) {
                    return rdn.getAttributeValues()[0].toUpperCase(java.util.Locale.ROOT);
                }
            }
        } catch (LDAPException e) {
            return null;
        }
        return null;
    }

    private static void checkDn(String what, String dn) {
        try {
            new DN(dn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(what + ": " + dn + " is not a DN: " + e.getDiagnosticMessage(), e);
        }
    }

    /** Mutable staging for {@link DirectorySettings}; nulls fall back to the flavour's defaults. */
    public static final class Builder {
        private final DirectoryFlavour flavour;
        private List<String> urls = List.of();
        private boolean startTls;
        private Path trustCa;
        private String bindDn;
        private Secret bindPassword;
        private String userBase;
        private String userFilter;
        private String userDnTemplate;
        private String usernameAttribute;
        private String groupBase;
        private String groupFilter;
        private Duration cacheTtl;
        private Duration negativeCacheTtl;
        private Duration connectTimeout;
        private Duration responseTimeout;
        private int maxNestingDepth;
        private String denyFilter;
        private int poolSize;
        private io.rolegate.engine.directory.WatchMode watch;
        private Duration pollInterval;
        private Duration reconcileInterval;
        private Duration outageGrace;
        private GroupResolution groupResolution;
        private java.util.Set<LoginNameForm> loginNames;
        private String downLevelDomain;
        private boolean allowPlainLdap;

        private Builder(DirectoryFlavour flavour) {
            this.flavour = flavour;
        }

        public Builder urls(List<String> v) { urls = v; return this; }
        public Builder urls(String... v) { urls = List.of(v); return this; }
        public Builder startTls(boolean v) { startTls = v; return this; }
        public Builder trustCa(Path v) { trustCa = v; return this; }
        public Builder bind(String dn, Secret password) { bindDn = dn; bindPassword = password; return this; }
        public Builder userBase(String v) { userBase = v; return this; }
        public Builder userFilter(String v) { userFilter = v; return this; }
        public Builder userDnTemplate(String v) { userDnTemplate = v; return this; }
        public Builder usernameAttribute(String v) { usernameAttribute = v; return this; }
        public Builder groupBase(String v) { groupBase = v; return this; }
        public Builder groupFilter(String v) { groupFilter = v; return this; }
        public Builder cacheTtl(Duration v) { cacheTtl = v; return this; }
        public Builder negativeCacheTtl(Duration v) { negativeCacheTtl = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder responseTimeout(Duration v) { responseTimeout = v; return this; }
        public Builder maxNestingDepth(int v) { maxNestingDepth = v; return this; }
        public Builder denyFilter(String v) { denyFilter = v; return this; }
        public Builder poolSize(int v) { poolSize = v; return this; }
        public Builder watch(io.rolegate.engine.directory.WatchMode v) { watch = v; return this; }
        public Builder pollInterval(Duration v) { pollInterval = v; return this; }
        public Builder reconcileInterval(Duration v) { reconcileInterval = v; return this; }
        public Builder outageGrace(Duration v) { outageGrace = v; return this; }
        public Builder groupResolution(GroupResolution v) { groupResolution = v; return this; }
        public Builder loginNames(java.util.Set<LoginNameForm> v) { loginNames = v; return this; }
        public Builder downLevelDomain(String v) { downLevelDomain = v; return this; }
        public Builder allowPlainLdap(boolean v) { allowPlainLdap = v; return this; }

        public DirectorySettings build() {
            return new DirectorySettings(urls, startTls, trustCa, bindDn, bindPassword, userBase, userFilter,
                    userDnTemplate, usernameAttribute, groupBase, groupFilter, flavour, cacheTtl, negativeCacheTtl,
                    connectTimeout, responseTimeout, maxNestingDepth, denyFilter, poolSize, watch, pollInterval,
                    reconcileInterval, outageGrace, groupResolution, loginNames, downLevelDomain, allowPlainLdap);
        }
    }
}
