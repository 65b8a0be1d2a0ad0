package io.rolegate.engine.api.model;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

/** DN parsing for values that were validated when the settings were built. */
public final class Dns {
    private Dns() {
    }

    /**
     * Parses a DN the way every comparison in Rolegate should: {@link DN#equals} ignores case and spacing.
     *
     * @throws IllegalArgumentException when {@code text} is not a DN
     */
    public static DN parse(String text) {
        try {
            return new DN(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(text + " is not a DN: " + e.getDiagnosticMessage(), e);
        }
    }
}
