package io.rolegate.engine.config;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import io.rolegate.engine.policy.Cidr;
import io.rolegate.engine.provisioning.RoleNames;

import java.util.Optional;
import java.util.regex.Pattern;

/** Checks for directory and policy values: each gives empty when fine, else what is wrong in plain words. */
final class ValueChecks {
    static final String USER_PLACEHOLDER = "{user}";
    // a GUC name as PostgreSQL spells custom and built-in settings: lower case, digits, dots, underscores
    private static final Pattern GUC = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
    // RFC 4512 descr (a name) or numericoid
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*|\\d+(\\.\\d+)+");

    private ValueChecks() {
    }

    static Optional<String> ldapUrl(String text) {
        LDAPURL url;
        try {
            url = new LDAPURL(text.trim());
        } catch (LDAPException e) {
            return Optional.of("\"" + text + "\" is not an LDAP URL (write ldaps://host or ldap://host:389)");
        }
        if (!url.getScheme().equals("ldap") && !url.getScheme().equals("ldaps")) {
            return Optional.of("\"" + text + "\" must start with ldap:// or ldaps://");
        }
        if (!url.hostProvided()) {
            return Optional.of("\"" + text + "\" names no host (write e.g. ldaps://dc1.example.org)");
        }
        return Optional.empty();
    }

    static Optional<String> dn(String text) {
        return DN.isValidDN(text) ? Optional.empty()
                : Optional.of("\"" + text + "\" is not a DN (e.g. cn=dba,ou=groups,dc=example,dc=org)");
    }

    /** The service account: a DN, or as Active Directory admins write it, {@code svc@acme.test} or {@code ACME\\svc}. */
    static Optional<String> bindName(String text) {
        return DN.isValidDN(text) || io.rolegate.engine.directory.DirectorySettings.isAdBindName(text)
                ? Optional.empty()
                : Optional.of("\"" + text + "\" is neither a DN (cn=rolegate,ou=service,dc=example,dc=org) nor an Active"
                + " Directory user principal name (rolegate-svc@acme.test) or down-level name (ACME\\rolegate-svc)");
    }

    /** One of the login name forms: account, upn, downLevel. */
    static Optional<String> loginNameForm(String text) {
        try {
            io.rolegate.engine.directory.LoginNameForm.parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    static Optional<String> filter(String text) {
        try {
            Filter.create(text);
            return Optional.empty();
        } catch (LDAPException e) {
            return Optional.of("\"" + text + "\" is not an LDAP filter: " + e.getDiagnosticMessage());
        }
    }

    static Optional<String> userFilter(String text) {
        return filter(text).or(() -> text.contains(USER_PLACEHOLDER) ? Optional.empty()
                : Optional.of("\"" + text + "\" must contain " + USER_PLACEHOLDER + " where the login name goes"));
    }

    static Optional<String> dnTemplate(String text) {
        return dn(text).or(() -> text.contains(USER_PLACEHOLDER) ? Optional.empty()
                : Optional.of("\"" + text + "\" must contain " + USER_PLACEHOLDER + " where the login name goes"));
    }

    static Optional<String> attribute(String text) {
        return ATTRIBUTE.matcher(text).matches() ? Optional.empty()
                : Optional.of("\"" + text + "\" is not an attribute name");
    }

    static Optional<String> role(String text) {
        try {
            RoleNames.check(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    static Optional<String> cidr(String text) {
        try {
            Cidr.parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("\"" + text + "\" is not an IP address or network such as 10.0.0.0/8 or ::1/128");
        }
    }

    static Optional<String> settingName(String text) {
        return GUC.matcher(text).matches() ? Optional.empty()
                : Optional.of("\"" + text + "\" is not a PostgreSQL setting name (lower-case letters, digits, "
                + "dots and underscores, e.g. statement_timeout)");
    }

    static Optional<String> notBlank(String text) {
        return text.isBlank() ? Optional.of("must not be empty") : Optional.empty();
    }

    /** Applies a check to a single key; true when the value may be used. */
    static boolean accept(SectionReader s, String key, String value,
                          java.util.function.Function<String, Optional<String>> check) {
        Optional<String> wrong = check.apply(value);
        wrong.ifPresent(why -> s.reject(key, why));
        return wrong.isEmpty();
    }
}
