package io.rolegate.engine.api.model;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * DN parsing and comparison. The engine parses with {@link #parse}; clients (the console) hold DNs as strings and use
 * the string helpers, which compare and take apart DNs the same way: case and spacing do not matter.
 */
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

    /** Whether {@code text} parses as a DN. */
    public static boolean isValid(String text) {
        return text != null && DN.isValidDN(text);
    }

    /**
     * The DN's normalized form: two DNs are the same DN exactly when their normalized forms are equal, so this is
     * the key for maps and sets of DNs.
     *
     * @throws IllegalArgumentException when {@code dn} is not a DN
     */
    public static String normalize(String dn) {
        return parse(dn).toNormalizedString();
    }

    /**
     * Whether two strings name the same DN (case and spacing do not matter).
     *
     * @throws IllegalArgumentException when either is not a DN
     */
    public static boolean same(String a, String b) {
        return parse(a).equals(parse(b));
    }

    /** The first RDN as written: {@code cn=dba} for {@code cn=dba,ou=groups,dc=example,dc=org}. */
    public static String rdn(String dn) {
        return parse(dn).getRDNString();
    }

    /** The first RDN's (first) value, unescaped: {@code dba} for {@code cn=dba,ou=groups,dc=example,dc=org}. */
    public static String firstValue(String dn) {
        return parse(dn).getRDN().getAttributeValues()[0];
    }

    /** The DN one level up, or null for a DN with a single RDN (or none). */
    public static String parent(String dn) {
        DN parent = parse(dn).getParent();
        return parent == null ? null : parent.toString();
    }
}
