package io.rolegate.engine.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.config.ListenTlsConfig;
import io.rolegate.engine.config.ListenTlsMode;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.testbed.TestCertificates.Authority;
import io.rolegate.engine.testbed.TestCertificates.KeyType;
import io.rolegate.engine.testbed.TestCertificates.PemSet;
import io.rolegate.engine.testbed.TestCertificates;
import io.rolegate.engine.tls.TlsLoopback.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy dialling a TLS server the way libpq's sslmode values promise. */
class UpstreamTlsTest {

    private static TlsLoopback loopback;
    private static Authority ca;
    private static Authority otherCa;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        loopback = new TlsLoopback();
        ca = TestCertificates.authority("Rolegate Test CA");
        otherCa = TestCertificates.authority("Somebody Else's CA");
    }

    @AfterAll
    static void stop() {
        loopback.close();
    }

    @Test
    void disableSendsNoSslRequest() {
        UpstreamTls tls = UpstreamTls.of(upstream(UpstreamTlsMode.DISABLE, null));

        assertThat(tls.enabled()).isFalse();
        assertThat(tls.required()).isFalse();
        assertThatThrownBy(() -> tls.newHandler(ByteBufAllocator.DEFAULT, "localhost", 5432))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyRequireAndVerifyFullRefuseAPlainConnection() {
        assertThat(UpstreamTls.of(upstream(UpstreamTlsMode.PREFER, null)).enabled()).isTrue();
        assertThat(UpstreamTls.of(upstream(UpstreamTlsMode.PREFER, null)).required()).isFalse();
        assertThat(UpstreamTls.of(upstream(UpstreamTlsMode.REQUIRE, null)).required()).isTrue();
        assertThat(UpstreamTls.of(upstream(UpstreamTlsMode.VERIFY_FULL, null)).required()).isTrue();
    }

    @Test
    void preferWithARootCertRefusesAPlainConnection() throws Exception {
        Path root = ca.writeCertificate(dir.resolve("root.crt"));
        assertThat(UpstreamTls.of(upstream(UpstreamTlsMode.PREFER, root)).required())
                .as("a server that answers 'N' could be anyone").isTrue();
    }

    @Test
    void anUnreadableRootCertificateFailsAtConstruction() {
        Path missing = dir.resolve("root.crt");

        assertThatThrownBy(() -> UpstreamTls.of(upstream(UpstreamTlsMode.VERIFY_FULL, missing)))
                .isInstanceOf(EngineException.class)
                .hasMessage("upstream rootCert: certificate file " + missing + " does not exist");
    }

    @Test
    void verifyFullConnectsWithTheRightCaAndHostNameAndOffersAlpn() throws Exception {
        ServerTls server = server(ca.issue(KeyType.EC, "db.example.test", "127.0.0.1"));
        UpstreamTls tls = UpstreamTls.of(upstream(UpstreamTlsMode.VERIFY_FULL, ca.writeCertificate(dir.resolve("root.crt"))));

        Outcome byName = loopback.run(server::newHandler, alloc -> tls.newHandler(alloc, "db.example.test", 5432));
        Outcome byAddress = loopback.run(server::newHandler, alloc -> tls.newHandler(alloc, "127.0.0.1", 5432));

        assertThat(byName.clientFailure()).isNull();
        assertThat(byName.echoed()).isEqualTo("ping");
        assertThat(byName.serverAlpn()).isEqualTo("postgresql");
        assertThat(byAddress.clientFailure()).isNull();
    }

    @Test
    void verifyFullRefusesACertificateForAnotherHost() throws Exception {
        ServerTls server = server(ca.issue(KeyType.EC, "db.example.test"));
        UpstreamTls tls = UpstreamTls.of(upstream(UpstreamTlsMode.VERIFY_FULL, ca.writeCertificate(dir.resolve("root.crt"))));

        Outcome outcome = loopback.run(server::newHandler, alloc -> tls.newHandler(alloc, "other.example.test", 5432));

        assertThat(outcome.clientFailure()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("other.example.test");
    }

    @Test
    void verifyFullRefusesACertificateFromAnUnknownCa() throws Exception {
        ServerTls server = server(otherCa.issue(KeyType.EC, "db.example.test"));
        UpstreamTls tls = UpstreamTls.of(upstream(UpstreamTlsMode.VERIFY_FULL, ca.writeCertificate(dir.resolve("root.crt"))));

        Outcome outcome = loopback.run(server::newHandler, alloc -> tls.newHandler(alloc, "db.example.test", 5432));

        assertThat(outcome.clientFailure()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path");
    }

    @Test
    void verifyFullWithoutRootCertUsesTheJdkTrustStoreWhichDoesNotKnowATestCa() throws Exception {
        ServerTls server = server(ca.issue(KeyType.EC, "db.example.test"));
        UpstreamTls tls = UpstreamTls.of(upstream(UpstreamTlsMode.VERIFY_FULL, null));

        Outcome outcome = loopback.run(server::newHandler, alloc -> tls.newHandler(alloc, "db.example.test", 5432));

        assertThat(outcome.clientFailure()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path");
    }

    @Test
    void requireEncryptsToAnUntrustedCertificateForAnotherHost() throws Exception {
        ServerTls server = server(TestCertificates.selfSigned(KeyType.RSA, "somewhere.else"));
        UpstreamTls tls = UpstreamTls.of(upstream(UpstreamTlsMode.REQUIRE, null));

        Outcome outcome = loopback.run(server::newHandler, alloc -> tls.newHandler(alloc, "db.example.test", 5432));

        assertThat(outcome.clientFailure()).isNull();
        assertThat(outcome.echoed()).isEqualTo("ping");
        assertThat(outcome.clientAlpn()).isEqualTo("postgresql");
    }

    /**
     * Issue 13 item 6: with a CA configured, a certificate that CA issued for another host must not take the
     * connection (and the admin password) under require or prefer either. libpq's verify-ca fallback allowed it.
     */
    @Test
    void aConfiguredRootCertChecksTheHostNameInEveryMode() throws Exception {
        ServerTls server = server(ca.issue(KeyType.EC, "somewhere.else"));
        Path root = ca.writeCertificate(dir.resolve("ca.pem"));
        for (UpstreamTlsMode mode : new UpstreamTlsMode[]{UpstreamTlsMode.PREFER, UpstreamTlsMode.REQUIRE,
                UpstreamTlsMode.VERIFY_FULL}) {
            UpstreamTls tls = UpstreamTls.of(upstream(mode, root));

            Outcome outcome = loopback.run(server::newHandler, alloc -> tls.newHandler(alloc, "db.example.test", 5432));

            assertThat(tls.verifying()).as(mode.name()).isTrue();
            assertThat(outcome.clientFailure()).as(mode.name()).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("db.example.test");
        }
    }

    @Test
    void aConfiguredRootCertStillRefusesAnotherCaAndAcceptsTheRightHost() throws Exception {
        ServerTls server = server(ca.issue(KeyType.EC, "db.example.test"));
        UpstreamTls trusting = UpstreamTls.of(upstream(UpstreamTlsMode.REQUIRE, ca.writeCertificate(dir.resolve("ca.pem"))));
        UpstreamTls distrusting = UpstreamTls.of(upstream(UpstreamTlsMode.REQUIRE,
                otherCa.writeCertificate(dir.resolve("other.pem"))));

        Outcome trusted = loopback.run(server::newHandler, alloc -> trusting.newHandler(alloc, "db.example.test", 5432));
        Outcome refused = loopback.run(server::newHandler, alloc -> distrusting.newHandler(alloc, "db.example.test", 5432));

        assertThat(trusted.clientFailure()).isNull();
        assertThat(refused.clientFailure()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void handlerChecksTheHostNameOnlyWhenVerifying() {
        SslHandler verifying = UpstreamTls.of(upstream(UpstreamTlsMode.VERIFY_FULL, null))
                .newHandler(ByteBufAllocator.DEFAULT, "db.example.test", 5432);
        SslHandler encrypting = UpstreamTls.of(upstream(UpstreamTlsMode.REQUIRE, null))
                .newHandler(ByteBufAllocator.DEFAULT, "db.example.test", 5432);
        assertThat(verifying.engine().getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(verifying.engine().getPeerHost()).isEqualTo("db.example.test");
        assertThat(verifying.engine().getUseClientMode()).isTrue();
        assertThat(encrypting.engine().getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
        assertThat(encrypting.engine().getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    private ServerTls server(TestCertificates.Issued identity) {
        PemSet pem = identity.writePem(dir.resolve("server"));
        return ServerTls.of(new ListenTlsConfig(ListenTlsMode.REQUIRED, pem.certificate(), pem.key(), false), dir);
    }

    private static UpstreamConfig upstream(UpstreamTlsMode mode, Path rootCert) {
        return new UpstreamConfig("db.example.test", 5432, mode, rootCert);
    }
}
