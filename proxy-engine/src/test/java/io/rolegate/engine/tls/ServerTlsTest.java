package io.rolegate.engine.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.config.ListenTlsConfig;
import io.rolegate.engine.config.ListenTlsMode;
import io.rolegate.engine.testbed.TestCertificates.Issued;
import io.rolegate.engine.testbed.TestCertificates.KeyFormat;
import io.rolegate.engine.testbed.TestCertificates.KeyType;
import io.rolegate.engine.testbed.TestCertificates.PemSet;
import io.rolegate.engine.testbed.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerTlsTest {

    private static TestCertificates.Authority ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void createAuthority() {
        ca = TestCertificates.authority("Rolegate Test CA");
    }

    @ParameterizedTest(name = "{0} key as {1}")
    @CsvSource({
            "RSA, PKCS8,       BEGIN PRIVATE KEY",
            "RSA, TRADITIONAL, BEGIN RSA PRIVATE KEY",
            "EC,  PKCS8,       BEGIN PRIVATE KEY",
            "EC,  TRADITIONAL, BEGIN EC PRIVATE KEY"})
    void loadsEveryUnencryptedKeyFormat(KeyType type, KeyFormat format, String header) throws Exception {
        Issued server = ca.issue(type, "localhost");
        PemSet pem = server.writePem(dir);
        TestCertificates.writeKey(pem.key(), server.key(), format);
        assertThat(Files.readString(pem.key())).startsWith("-----" + header + "-----");

        ServerTls tls = ServerTls.of(config(pem.certificate(), pem.key()), dir);

        assertThat(tls.enabled()).isTrue();
        assertThat(tls.certificate()).isEqualTo(server.certificate());
    }

    @Test
    void skipsTheEcParametersBlockOpensslEcparamWritesBeforeTheKey() throws Exception {
        Issued server = ca.issue(KeyType.EC, "localhost");
        PemSet pem = server.writePem(dir);
        TestCertificates.writeKey(pem.key(), server.key(), KeyFormat.TRADITIONAL);
        // The DER of OID prime256v1, as `openssl ecparam -name prime256v1 -genkey` puts above the key.
        String parameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
        Files.writeString(pem.key(), parameters + Files.readString(pem.key()));

        assertThat(ServerTls.of(config(pem.certificate(), pem.key()), dir).enabled()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"ENCRYPTED_PKCS8", "ENCRYPTED_TRADITIONAL"})
    void refusesAnEncryptedKeyInPlainWords(KeyFormat format) {
        Issued server = ca.issue(KeyType.RSA, "localhost");
        PemSet pem = server.writePem(dir);
        TestCertificates.writeKey(pem.key(), server.key(), format);

        assertThatThrownBy(() -> ServerTls.of(config(pem.certificate(), pem.key()), dir))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining(pem.key().toString())
                .hasMessageContaining("encrypted keys are not supported yet");
    }

    @ParameterizedTest(name = "{0} certificate with another {1} key")
    @CsvSource({"EC, EC", "RSA, RSA", "RSA, EC", "EC, RSA"})
    void refusesAKeyThatDoesNotBelongToTheCertificate(KeyType certType, KeyType keyType) throws Exception {
        PemSet pem = ca.issue(certType, "localhost").writePem(dir);
        Issued other = ca.issue(keyType, "localhost");
        TestCertificates.writeKey(pem.key(), other.key(), KeyFormat.PKCS8);
        String keyBody = Files.readString(pem.key()).lines().skip(1).findFirst().orElseThrow();

        assertThatThrownBy(() -> ServerTls.of(config(pem.certificate(), pem.key()), dir))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("key file " + pem.key())
                .hasMessageContaining("does not belong to the first certificate in " + pem.certificate())
                .message().doesNotContain(keyBody);
    }

    @Test
    void namesAMissingCertificateFile() {
        PemSet pem = ca.issue(KeyType.EC, "localhost").writePem(dir);
        Path missing = dir.resolve("nope.crt");

        assertThatThrownBy(() -> ServerTls.of(config(missing, pem.key()), dir))
                .isInstanceOf(EngineException.class)
                .hasMessage("certificate file " + missing + " does not exist");
    }

    @Test
    void namesAMissingKeyFile() {
        PemSet pem = ca.issue(KeyType.EC, "localhost").writePem(dir);
        Path missing = dir.resolve("nope.key");

        assertThatThrownBy(() -> ServerTls.of(config(pem.certificate(), missing), dir))
                .isInstanceOf(EngineException.class)
                .hasMessage("key file " + missing + " does not exist");
    }

    @Test
    void saysWhenTheCertificateFileHoldsNoCertificate() throws Exception {
        PemSet pem = ca.issue(KeyType.EC, "localhost").writePem(dir);
        Files.writeString(pem.certificate(), "this is not a certificate\n");

        assertThatThrownBy(() -> ServerTls.of(config(pem.certificate(), pem.key()), dir))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining(pem.certificate() + " holds no PEM certificate");
    }

    @Test
    void saysWhenTheKeyFileHoldsOnlyACertificate() {
        PemSet pem = ca.issue(KeyType.EC, "localhost").writePem(dir);

        assertThatThrownBy(() -> ServerTls.of(config(pem.certificate(), pem.certificate()), dir))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("key file " + pem.certificate() + " holds no PEM private key");
    }

    @Test
    void takesRelativePathsFromTheDataDirectoryAsPostgresqlDoes() {
        ca.issue(KeyType.EC, "localhost").writePem(dir);

        ServerTls tls = ServerTls.of(config(Path.of("server.crt"), Path.of("server.key")), dir);

        assertThat(tls.enabled()).isTrue();
    }

    @Test
    void needsACertificateOrSelfSigned() {
        ListenTlsConfig nothing = new ListenTlsConfig(ListenTlsMode.REQUIRED, null, null, false);

        assertThatThrownBy(() -> ServerTls.of(nothing, dir))
                .isInstanceOf(EngineException.class)
                .hasMessage("listen TLS is required but has neither a certificate and key nor selfSigned: true");
    }

    @Test
    void offBuildsNothing() {
        ServerTls tls = ServerTls.of(ListenTlsConfig.defaults(), dir);

        assertThat(tls.enabled()).isFalse();
        assertThatThrownBy(() -> tls.newHandler(ByteBufAllocator.DEFAULT)).isInstanceOf(IllegalStateException.class);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void speaksOnlyTls12And13() {
        PemSet pem = ca.issue(KeyType.EC, "localhost").writePem(dir);
        SslHandler handler = ServerTls.of(config(pem.certificate(), pem.key()), dir).newHandler(ByteBufAllocator.DEFAULT);
        // OpenSSL engines list "SSLv2Hello": a ClientHello framing flag (never set by BoringSSL), not a protocol.
        assertThat(handler.engine().getEnabledProtocols()).filteredOn(p -> !p.equals("SSLv2Hello"))
                .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(handler.engine().getUseClientMode()).isFalse();
    }

    @Test
    void terminatesWithBoringSslWhereItLoadsAndWithTheJdkWhenAsked() {
        PemSet pem = ca.issue(KeyType.EC, "localhost").writePem(dir);
        org.junit.jupiter.api.Assumptions.assumeTrue(io.netty.handler.ssl.OpenSsl.isAvailable(),
                "BoringSSL is bundled for linux-x86_64 only");
        SslHandler native_ = ServerTls.of(config(pem.certificate(), pem.key()), dir)
                .newHandler(ByteBufAllocator.DEFAULT);
        assertThat(native_.engine()).isInstanceOf(io.netty.handler.ssl.OpenSslEngine.class);
        String before = System.setProperty(TlsImplementation.PROPERTY, "jdk");
        try {
            SslHandler jdk = ServerTls.of(config(pem.certificate(), pem.key()), dir).newHandler(ByteBufAllocator.DEFAULT);
            assertThat(jdk.engine()).isNotInstanceOf(io.netty.handler.ssl.OpenSslEngine.class);
            System.setProperty(TlsImplementation.PROPERTY, "tls-from-the-future");
            assertThatThrownBy(() -> ServerTls.of(config(pem.certificate(), pem.key()), dir))
                    .isInstanceOf(io.rolegate.engine.api.model.EngineException.class)
                    .hasMessageContaining("must be auto, openssl or jdk");
        } finally {
            if (before == null) {
                System.clearProperty(TlsImplementation.PROPERTY);
            } else {
                System.setProperty(TlsImplementation.PROPERTY, before);
            }
        }
    }

    @Test
    void saysWhenTheKeyIsDamaged() throws Exception {
        PemSet pem = ca.issue(KeyType.EC, "localhost").writePem(dir);
        Files.writeString(pem.key(), "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> ServerTls.of(config(pem.certificate(), pem.key()), dir))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("key file " + pem.key());
    }

    private static ListenTlsConfig config(Path certificate, Path key) {
        return new ListenTlsConfig(ListenTlsMode.OPTIONAL, certificate, key, false);
    }
}
