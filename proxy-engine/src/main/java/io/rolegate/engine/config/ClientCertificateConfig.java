package io.rolegate.engine.config;

import java.util.Objects;

/**
 * {@code auth.clientCertificate}: a client that presents a certificate (verified against {@code listen.tls.clientCa})
 * is identified by it instead of a password. {@code attribute} says which part of the certificate is the value,
 * {@code filter} finds the one directory entry it belongs to, with {@value #PLACEHOLDER} standing for the value.
 */
public record ClientCertificateConfig(CertificateAttribute attribute, String filter) {
    public static final String PLACEHOLDER = "{value}";

    /** Which part of the client certificate identifies the user. */
    public enum CertificateAttribute {
        /** The whole subject DN, RFC 2253 form, e.g. {@code CN=alice,O=Example}. */
        SUBJECT,
        /** The one rfc822Name (e-mail) subject alternative name. */
        SAN_EMAIL,
        /** The one dNSName subject alternative name. */
        SAN_DNS,
        /** The subject's common name (its most specific CN). */
        CN
    }

    public ClientCertificateConfig {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(filter, "filter");
    }
}
