package io.rolegate.engine.config;

import io.rolegate.engine.directory.DirectoryFlavour;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.directory.GroupResolution;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.directory.LoginNameForm;
import io.rolegate.engine.directory.PlainLdap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code directory:} the LDAP or Active Directory server. Keys not written keep the flavour's defaults (see
 * {@link DirectorySettings#builder}); {@code urls}, {@code userBase} and {@code groupBase} are required. Binds to
 * null when the section is absent or anything in it is wrong (every problem is reported).
 */
final class DirectoryBinder implements SectionBinder<DirectorySettings> {
    static final DirectoryFlavour DEFAULT_FLAVOUR = DirectoryFlavour.GENERIC;

    @Override
    public String key() {
        return "directory";
    }

    @Override
    public DirectorySettings bind(SectionReader s) {
        DirectoryFlavour flavour = FlavourNames.read(s, "flavour", DEFAULT_FLAVOUR);
        List<String> urls = s.strings("urls", ValueChecks::ldapUrl);
        if (!s.has("urls")) {
            s.problem("urls", "at least one directory URL is needed, e.g. urls: [ldaps://dc1.example.org]");
        } else if (urls.isEmpty() && !s.faulty("urls")) {
            s.reject("urls", "at least one directory URL is needed, e.g. urls: [ldaps://dc1.example.org]");
        }
        boolean startTls = s.bool("startTls", false);
        if (startTls && urls.stream().anyMatch(u -> u.trim().startsWith("ldaps:"))) {
            s.problem("startTls", "StartTLS upgrades ldap:// connections; ldaps:// is TLS already: "
                    + "use ldap:// URLs with startTls, or drop startTls");
        }
        boolean allowPlainLdap = s.bool("allowPlainLdap", false);
        List<String> exposed = PlainLdap.exposed(urls, startTls);
        if (!exposed.isEmpty() && !allowPlainLdap) {
            s.problem("urls", PlainLdap.refusal(exposed));
        }
        Path trustCa = s.file("trustCa");
        String bindDn = checked(s, "bindDn", ValueChecks::bindName);
        Secret bindPassword = SecretValues.read(s, "bindPassword");
        if (s.has("bindDn") && !s.has("bindPassword")) {
            s.problem("bindDn", "the service account needs its password: add bindPassword (${ENV} or {file: ...})");
        }
        if (s.has("bindPassword") && !s.has("bindDn")) {
            s.problem("bindPassword", "a bindPassword without bindDn is never used: add bindDn or remove it");
        }
        String userBase = required(s, "userBase", ValueChecks::dn, "the subtree where users live");
        String userDnTemplate = checked(s, "userDnTemplate", ValueChecks::dnTemplate);
        // also with userDnTemplate: the directory still finds users by name (lookups, previews) with this filter
        String userFilter = checked(s, "userFilter", ValueChecks::userFilter);
        String usernameAttribute = checked(s, "usernameAttribute", ValueChecks::attribute);
        String groupBase = required(s, "groupBase", ValueChecks::dn, "the subtree where groups live");
        String groupFilter = checked(s, "groupFilter", ValueChecks::filter);
        Duration cacheTtl = s.duration("cacheTtl", null, Duration.ZERO, Duration.ofDays(1));
        Duration negativeCacheTtl = s.duration("negativeCacheTtl", null, Duration.ZERO, Duration.ofHours(1));
        Duration connectTimeout = s.duration("connectTimeout", null, Duration.ofMillis(100), Duration.ofMinutes(5));
        Duration responseTimeout = s.duration("responseTimeout", null, Duration.ofMillis(100), Duration.ofMinutes(10));
        int maxNestingDepth = s.integer("maxNestingDepth", 0, 1, 100);
        String denyFilter = checked(s, "denyFilter", ValueChecks::filter);
        int poolSize = s.integer("poolSize", 0, 1, 1000);
        WatchMode watch = watchMode(s);
        Duration pollInterval = s.duration("pollInterval", null, Duration.ofMillis(100), Duration.ofHours(1));
        Duration reconcileInterval = s.duration("reconcileInterval", null, Duration.ZERO, Duration.ofDays(1));
        Duration outageGrace = s.duration("outageGrace", null, Duration.ZERO, Duration.ofDays(7));
        GroupResolution groupResolution = s.choice("groupResolution", GroupResolution.class, GroupResolution.AUTO);
        java.util.Set<LoginNameForm> loginNames = loginNames(s, flavour);
        String downLevelDomain = checked(s, "downLevelDomain", ValueChecks::notBlank);
        if (anyProblem(s) || urls.isEmpty() || userBase == null || groupBase == null) {
            return null;
        }
        try {
            return DirectorySettings.builder(flavour).urls(urls).startTls(startTls).trustCa(trustCa)
                    .bind(bindDn, bindPassword).userBase(userBase).userFilter(userFilter).userDnTemplate(userDnTemplate)
                    .usernameAttribute(usernameAttribute).groupBase(groupBase).groupFilter(groupFilter)
                    .cacheTtl(cacheTtl).negativeCacheTtl(negativeCacheTtl).connectTimeout(connectTimeout)
                    .responseTimeout(responseTimeout).maxNestingDepth(maxNestingDepth).denyFilter(denyFilter)
                    .poolSize(poolSize).watch(watch).pollInterval(pollInterval).reconcileInterval(reconcileInterval)
                    .outageGrace(outageGrace).groupResolution(groupResolution).loginNames(loginNames)
                    .downLevelDomain(downLevelDomain).allowPlainLdap(allowPlainLdap).build();
        } catch (IllegalArgumentException e) {
            // the settings' own validation disagreeing with the checks above: still a problem in this file
            s.problem("urls", e.getMessage());
            return null;
        }
    }

    /**
     * account | upn | downLevel, as a list; absent means the flavour's default (Active Directory: all three, others:
     * account). upn and downLevel are Active Directory's forms only.
     */
    private static java.util.Set<LoginNameForm> loginNames(SectionReader s, DirectoryFlavour flavour) {
        if (!s.has("loginNames")) {
            return null;
        }
        java.util.Set<LoginNameForm> forms = java.util.EnumSet.noneOf(LoginNameForm.class);
        s.strings("loginNames", ValueChecks::loginNameForm).forEach(v -> forms.add(LoginNameForm.parse(v)));
        if (s.faulty("loginNames")) {
            return null;
        }
        if (forms.isEmpty()) {
            s.reject("loginNames", "name at least one form: account, upn or downLevel");
        } else if (flavour != DirectoryFlavour.ACTIVE_DIRECTORY && !forms.equals(java.util.Set.of(LoginNameForm.ACCOUNT))) {
            s.reject("loginNames", "upn and downLevel are Active Directory forms (flavour: active-directory);"
                    + " this directory accepts only account");
        }
        return forms;
    }

    /** auto | syncrepl | psearch | ad-notify | poll | off; absent means auto. */
    private static WatchMode watchMode(SectionReader s) {
        String text = s.string("watch", null);
        if (text == null) {
            return null;
        }
        try {
            return WatchMode.parse(text);
        } catch (IllegalArgumentException e) {
            s.reject("watch", "must be one of auto, syncrepl, psearch, ad-notify, dirsync, poll, off; got \"" + text + "\"");
            return null;
        }
    }

    private static boolean anyProblem(SectionReader s) {
        return s.keys().stream().anyMatch(s::faulty);
    }

    /** The value when written and valid; null when absent (the flavour's default applies) or reported. */
    private static String checked(SectionReader s, String key, Function<String, Optional<String>> check) {
        String v = s.string(key, null);
        return v != null && ValueChecks.accept(s, key, v, check) ? v : null;
    }

    private static String required(SectionReader s, String key, Function<String, Optional<String>> check,
                                   String meaning) {
        if (!s.has(key)) {
            s.problem(key, "is required: " + meaning + ", e.g. ou=people,dc=example,dc=org");
            return null;
        }
        return checked(s, key, check);
    }
}
