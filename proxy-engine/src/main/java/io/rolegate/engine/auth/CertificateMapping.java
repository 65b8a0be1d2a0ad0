package io.rolegate.engine.auth;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import io.rolegate.engine.config.ClientCertificateConfig;
import io.rolegate.engine.config.ClientCertificateConfig.CertificateAttribute;
import io.rolegate.engine.directory.FilterTemplate;

import javax.security.auth.x500.X500Principal;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code auth.clientCertificate}: which value of a verified client certificate names the user, and the filter that
 * finds their entry. The value goes into the parsed filter as a literal (see {@link FilterTemplate}), so a
 * certificate cannot widen the search whatever its subject holds.
 */
public final class CertificateMapping {
    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;

    private final CertificateAttribute attribute;
    private final FilterTemplate filter;

    private CertificateMapping(CertificateAttribute attribute, FilterTemplate filter) {
        this.attribute = attribute;
        this.filter = filter;
    }

    /** Null when no mapping is configured (client certificates then play no part in logins). */
    public static CertificateMapping of(ClientCertificateConfig config) {
        return config == null ? null : new CertificateMapping(config.attribute(), FilterTemplate.compile(
                "auth.clientCertificate.filter", config.filter(), ClientCertificateConfig.PLACEHOLDER));
    }

    /** The certificate's value, or why it has none usable; the message is for the client. */
    String valueOf(X509Certificate cert) throws Unmappable {
        return switch (attribute) {
            case SUBJECT -> cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
            case CN -> commonName(cert);
            case SAN_EMAIL -> onlyAlternativeName(cert, SAN_EMAIL);
            case SAN_DNS -> onlyAlternativeName(cert, SAN_DNS);
        };
    }

    Filter filterFor(String value) {
        return filter.apply(value);
    }

    /** {@code san-email "alice@example.org"}: how the value is named in messages and the audit. */
    String describe(String value) {
        return attribute.name().toLowerCase(Locale.ROOT).replace('_', '-') + " \"" + value + "\"";
    }

    private String commonName(X509Certificate cert) throws Unmappable {
        String subject = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
        try {
            for (RDN rdn : new DN(subject).getRDNs()) { // most specific first
                for (int i = 0; i < rdn.getAttributeNames().length; i++) {
                    if (rdn.getAttributeNames()[i].equalsIgnoreCase("cn")) {
                        return rdn.getAttributeValues()[i];
                    }
                }
            }
        } catch (LDAPException e) {
            throw new Unmappable("its subject \"" + subject + "\" is not a DN Rolegate can read");
        }
        throw new Unmappable("its subject \"" + subject + "\" has no CN");
    }

    private String onlyAlternativeName(X509Certificate cert, int type) throws Unmappable {
        List<String> values = new ArrayList<>();
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() >= 2 && name.get(0) instanceof Integer t && t == type) {
                        values.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new Unmappable("its subject alternative names cannot be read");
        }
        String kind = type == SAN_EMAIL ? "e-mail" : "DNS";
        if (values.isEmpty()) {
            throw new Unmappable("it has no " + kind + " subject alternative name");
        }
        if (values.size() > 1) {
            throw new Unmappable("it has " + values.size() + " " + kind + " subject alternative names "
                    + values + "; Rolegate will not guess which one names the user");
        }
        return values.get(0);
    }

    /** The certificate carries no single value to look up. */
    static final class Unmappable extends Exception {
        Unmappable(String message) {
            super(message, null, false, false);
        }
    }
}
