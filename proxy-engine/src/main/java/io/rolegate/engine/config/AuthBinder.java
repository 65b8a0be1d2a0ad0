package io.rolegate.engine.config;

import io.rolegate.engine.config.ClientCertificateConfig.CertificateAttribute;
import io.rolegate.engine.directory.FilterTemplate;

/** {@code auth:} who checks the client's password, and whether a client certificate may stand in for it. */
final class AuthBinder implements SectionBinder<AuthConfig> {

    @Override
    public String key() {
        return "auth";
    }

    @Override
    public AuthConfig bind(SectionReader s) {
        AuthMode mode = s.choice("mode", AuthMode.class, AuthConfig.defaults().mode());
        return new AuthConfig(mode, s.has("clientCertificate") ? clientCertificate(s.section("clientCertificate"))
                : null);
    }

    private static ClientCertificateConfig clientCertificate(SectionReader s) {
        if (!s.has("attribute")) {
            s.problem("attribute", "is required: subject, san-email, san-dns or cn (the part of the certificate"
                    + " that names the user)");
        }
        if (!s.has("filter")) {
            s.problem("filter", "is required: the filter that finds the user's entry, with {value} for the"
                    + " certificate's value, e.g. \"(mail={value})\"");
        }
        CertificateAttribute attribute = s.choice("attribute", CertificateAttribute.class, null);
        String filter = s.string("filter", null);
        if (filter != null) {
            try {
                FilterTemplate.compile("filter", filter, ClientCertificateConfig.PLACEHOLDER);
            } catch (IllegalArgumentException e) {
                s.reject("filter", e.getMessage());
                filter = null;
            }
        }
        return attribute == null || filter == null ? null : new ClientCertificateConfig(attribute, filter);
    }
}
