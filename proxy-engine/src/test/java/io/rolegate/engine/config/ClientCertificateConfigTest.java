package io.rolegate.engine.config;

import io.rolegate.engine.config.ClientCertificateConfig.CertificateAttribute;
import io.rolegate.engine.testbed.TestCertificates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code listen.tls.clientCa} and {@code auth.clientCertificate}: read, exported, and every problem with its line. */
class ClientCertificateConfigTest {
    private static final String DIRECTORY = """
            upstream:
              admin: {user: rolegate_admin, password: "${ROLEGATE_ADMIN_PASSWORD}"}
            directory:
              urls: [ldaps://dc1.example.org]
              userBase: ou=people,dc=example,dc=org
              groupBase: ou=groups,dc=example,dc=org
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void caFile() {
        TestCertificates.authority("config test CA").writeCertificate(dir.resolve("clients-ca.pem"));
    }

    private RolegateConfig load(String yaml) {
        return ConfigFixtures.load(yaml, dir);
    }

    private List<String> problems(String yaml) {
        return ConfigFixtures.problems(yaml, dir);
    }

    @Test
    void readsTheCaAndTheMappingAndWritesThemBack() {
        RolegateConfig c = load("""
                listen:
                  tls: {mode: required, selfSigned: true, clientCa: clients-ca.pem}
                auth:
                  mode: directory
                  clientCertificate: {attribute: san-email, filter: "(mail={value})"}
                """ + DIRECTORY);
        assertThat(c.listen().tls().clientCa()).isEqualTo(dir.resolve("clients-ca.pem"));
        assertThat(c.auth().clientCertificate())
                .isEqualTo(new ClientCertificateConfig(CertificateAttribute.SAN_EMAIL, "(mail={value})"));
        String exported = ConfigWriter.toYaml(c);
        assertThat(exported).contains("clientCa:").contains("attribute: san-email").contains("(mail={value})");
        assertThat(load(exported).auth()).isEqualTo(c.auth());
    }

    @Test
    void withoutTheSectionsNothingChanges() {
        RolegateConfig c = load("listen:\n  tls: {mode: required, selfSigned: true}\nauth: {mode: directory}\n"
                + DIRECTORY);
        assertThat(c.listen().tls().clientCa()).isNull();
        assertThat(c.auth().clientCertificate()).isNull();
    }

    @Test
    void aMappingNeedsTheCaAndDirectoryMode() {
        assertThat(problems("""
                listen:
                  tls: {mode: required, selfSigned: true}
                auth:
                  mode: directory
                  clientCertificate: {attribute: cn, filter: "(uid={value})"}
                """ + DIRECTORY)).singleElement().asString()
                .startsWith("line 5: auth.clientCertificate:").contains("listen.tls.clientCa");
        assertThat(problems("""
                listen:
                  tls: {mode: required, selfSigned: true, clientCa: clients-ca.pem}
                auth:
                  mode: passthrough
                  clientCertificate: {attribute: cn, filter: "(uid={value})"}
                """)).singleElement().asString().contains("needs auth.mode: directory");
    }

    @Test
    void badAttributeFilterOrCaAreEachReported() {
        assertThat(problems("""
                listen:
                  tls: {mode: "off", clientCa: clients-ca.pem}
                  allowCleartextOnLoopback: true
                auth:
                  mode: directory
                  clientCertificate: {attribute: email, filter: "(mail={user})"}
                """ + DIRECTORY)).anySatisfy(p -> assertThat(p).startsWith("line 2: listen.tls.clientCa:")
                        .contains("inside TLS"))
                .anySatisfy(p -> assertThat(p).startsWith("line 6: auth.clientCertificate.attribute:")
                        .contains("san-email"))
                .anySatisfy(p -> assertThat(p).startsWith("line 6: auth.clientCertificate.filter:")
                        .contains("{value}"));
        assertThat(problems("auth:\n  mode: directory\n  clientCertificate: {}\n" + DIRECTORY))
                .anySatisfy(p -> assertThat(p).contains("attribute").contains("is required"))
                .anySatisfy(p -> assertThat(p).contains("filter").contains("is required"));
    }
}
