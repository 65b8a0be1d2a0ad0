package io.rolegate.engine.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.rolegate.engine.config.ListenTlsConfig;
import io.rolegate.engine.config.ListenTlsMode;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.testbed.TestCertificates.KeyFormat;
import io.rolegate.engine.testbed.TestCertificates.KeyType;
import io.rolegate.engine.testbed.TestCertificates.PemSet;
import io.rolegate.engine.testbed.TestCertificates;
import io.rolegate.engine.tls.TlsLoopback.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener's TLS against clients as PostgreSQL 17 libpq, older libpq/JDBC and odd ones behave. */
class ServerTlsHandshakeTest {

    private static TlsLoopback loopback;
    private static TestCertificates.Authority ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        loopback = new TlsLoopback();
        ca = TestCertificates.authority("Rolegate Test CA");
    }

    @AfterAll
    static void stop() {
        loopback.close();
    }

    @Test
    void selectsPostgresqlWhenTheClientOffersIt() throws Exception {
        ServerTls server = listener(KeyType.EC);
        SslContext client = client(TlsSettings.ALPN_POSTGRESQL);

        Outcome outcome = loopback.run(server::newHandler, client::newHandler);

        assertThat(outcome.clientFailure()).isNull();
        assertThat(outcome.serverAlpn()).isEqualTo("postgresql");
        assertThat(outcome.clientAlpn()).isEqualTo("postgresql");
        assertThat(outcome.echoed()).isEqualTo("ping");
    }

    @Test
    void acceptsAClientThatOffersNoAlpn() throws Exception {
        ServerTls server = listener(KeyType.EC);
        SslContext client = client();

        Outcome outcome = loopback.run(server::newHandler, client::newHandler);

        assertThat(outcome.clientFailure()).isNull();
        assertThat(outcome.serverAlpn()).isEmpty();
        assertThat(outcome.echoed()).isEqualTo("ping");
    }

    @Test
    void acceptsAClientOfferingOnlyOtherProtocolsAndSelectsNone() throws Exception {
        ServerTls server = listener(KeyType.EC);
        SslContext client = client("http/1.1");

        Outcome outcome = loopback.run(server::newHandler, client::newHandler);

        assertThat(outcome.clientFailure()).isNull();
        assertThat(outcome.serverAlpn()).isEmpty();
        assertThat(outcome.clientAlpn()).isEmpty();
    }

    @Test
    void servesAnRsaCertificateWithAPkcs1Key() throws Exception {
        PemSet pem = ca.issue(KeyType.RSA, "localhost").writePem(dir);
        TestCertificates.writeKey(pem.key(), PemFiles.readPrivateKey(pem.key()), KeyFormat.TRADITIONAL);
        ServerTls server = ServerTls.of(new ListenTlsConfig(ListenTlsMode.OPTIONAL, pem.certificate(), pem.key(),
                false), dir);
        SslContext client = client(TlsSettings.ALPN_POSTGRESQL);

        Outcome outcome = loopback.run(server::newHandler, client::newHandler);

        assertThat(outcome.clientFailure()).isNull();
        assertThat(outcome.echoed()).isEqualTo("ping");
    }

    @Test
    void selfSignedCertificateVerifiesForLocalhostWhenClientsPinIt() throws Exception {
        ServerTls server = ServerTls.of(new ListenTlsConfig(ListenTlsMode.REQUIRED, null, null, true), dir);
        UpstreamTls client = UpstreamTls.of(new UpstreamConfig("localhost", 5432, UpstreamTlsMode.VERIFY_FULL,
                dir.resolve("tls/self-signed.crt")));

        Outcome byName = loopback.run(server::newHandler, alloc -> client.newHandler(alloc, "localhost", 0));
        Outcome byAddress = loopback.run(server::newHandler, alloc -> client.newHandler(alloc, "127.0.0.1", 0));

        assertThat(byName.clientFailure()).isNull();
        assertThat(byAddress.clientFailure()).isNull();
        assertThat(byName.serverAlpn()).isEqualTo("postgresql");
    }

    private ServerTls listener(KeyType type) {
        PemSet pem = ca.issue(type, "localhost", "127.0.0.1").writePem(dir);
        return ServerTls.of(new ListenTlsConfig(ListenTlsMode.OPTIONAL, pem.certificate(), pem.key(), false), dir);
    }

    /** A client that trusts anything, so these tests look only at the server's side of ALPN. */
    private static SslContext client(String... alpn) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null);
        if (alpn.length > 0) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                    SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        return builder.build();
    }
}
