package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;

/**
 * A user DN with a {@code {user}} placeholder, e.g. {@code uid={user},ou=people,dc=example,dc=org}, for a direct
 * bind without a search. The login name becomes an RDN value through the SDK's {@link RDN} constructor, which
 * escapes it; a name such as {@code x,ou=admins} therefore cannot move the DN into another subtree.
 */
public final class DnTemplate {
    private final DN template;
    private final int placeholderIndex;

    private DnTemplate(DN template, int placeholderIndex) {
        this.template = template;
        this.placeholderIndex = placeholderIndex;
    }

    /** @throws IllegalArgumentException when the text is not a DN or no RDN value holds the placeholder */
    public static DnTemplate compile(String text) {
        DN dn;
        try {
            dn = new DN(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("directory.userDnTemplate: " + text + " is not a DN: "
                    + e.getDiagnosticMessage(), e);
        }
        RDN[] rdns = dn.getRDNs();
        for (int i = 0; i < rdns.length; i++) {
            if (rdns[i].getAttributeValues().length == 1 && rdns[i].getAttributeValues()[0].contains(
                    FilterTemplate.PLACEHOLDER)) {
                return new DnTemplate(dn, i);
            }
        }
        throw new IllegalArgumentException("directory.userDnTemplate: " + text + " must contain "
                + FilterTemplate.PLACEHOLDER + " in one single-valued RDN");
    }

    public DN apply(String username) {
        RDN[] rdns = template.getRDNs().clone();
        RDN slot = rdns[placeholderIndex];
        String value = slot.getAttributeValues()[0].replace(FilterTemplate.PLACEHOLDER, username);
        rdns[placeholderIndex] = new RDN(slot.getAttributeNames()[0], value);
        return new DN(rdns);
    }

    @Override
    public String toString() {
        return template.toString();
    }
}
