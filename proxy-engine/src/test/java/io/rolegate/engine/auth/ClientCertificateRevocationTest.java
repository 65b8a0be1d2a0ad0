package io.rolegate.engine.auth;

import io.rolegate.engine.config.AuthConfig;
import io.rolegate.engine.config.AuthMode;
import io.rolegate.engine.config.ClientCertificateConfig;
import io.rolegate.engine.config.ClientCertificateConfig.CertificateAttribute;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;

import static io.rolegate.engine.testbed.DirectoryProxies.MAPPINGS;
import static io.rolegate.engine.testbed.DirectoryProxies.directoryMode;
import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * listen.tls.clientCrl end to end: the CA's revocation list, pgjdbc presenting certificates (one revoked, one not)
 * to the proxy's BoringSSL listener, the directory still deciding for the one let through.
 */
class ClientCertificateRevocationTest {
    @TempDir
    static Path dir;
    static TestDirectory ldap;
    static TestProxy proxy;
    static TestCertificates.Authority ca;
    static TestCertificates.Issued stolen;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        ca = TestCertificates.authority("Rolegate test client CA");
        stolen = ca.issueClient("CN=Alice (stolen laptop)", "alice@example.org");
        Path caFile = ca.writeCertificate(dir.resolve("client-ca.pem"));
        Path crl = ca.writeCrl(dir.resolve("client-ca.crl"), Instant.now().plus(Duration.ofDays(1)),
                stolen.certificate());
        proxy = TestProxy.start(dir.resolve("data"), c -> {
            var d = directoryMode(ldap, MAPPINGS, false).apply(c);
            return d.withListen(d.listen().withTls(d.listen().tls().withClientCa(caFile).withClientCrl(crl)))
                    .withAuth(new AuthConfig(AuthMode.DIRECTORY, new ClientCertificateConfig(
                            CertificateAttribute.SAN_EMAIL, "(mail={value})")));
        });
    }

    @AfterAll
    static void stop() {
        proxy.close();
        ldap.close();
    }

    private static Connection connectWith(TestCertificates.Issued cert, String user) throws Exception {
        return io.rolegate.engine.testbed.CertificateLogins.connect(proxy, dir, cert, user);
    }

    @Test
    void aCertificateTheCaHasNotRevokedLogsIn() throws Exception {
        try (Connection c = connectWith(ca.issueClient("CN=Alice", "alice@example.org"), "alice")) {
            assertThat(one(c, "select current_user")).isEqualTo("alice");
        }
    }

    @Test
    void aRevokedCertificateFailsTheHandshakeAndNoSessionFollows() {
        int before = proxy.engine().sessions().size();
        assertThatThrownBy(() -> connectWith(stolen, "alice").close())
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).as("pgjdbc: could not establish").isEqualTo("08001");
                    // the alert "certificate_revoked", or a broken pipe when the client writes after the close
                    assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
                });
        assertThat(proxy.engine().sessions()).hasSizeLessThanOrEqualTo(before);
    }
}
