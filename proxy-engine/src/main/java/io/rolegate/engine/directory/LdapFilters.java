package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;

/** Parsing of filters an administrator wrote, with errors that name the setting. */
final class LdapFilters {
    private LdapFilters() {
    }

    static Filter parse(String setting, String text) {
        try {
            return Filter.create(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(setting + ": " + text + " is not an LDAP filter: "
                    + e.getDiagnosticMessage(), e);
        }
    }
}
