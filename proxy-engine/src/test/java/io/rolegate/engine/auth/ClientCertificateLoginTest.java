package io.rolegate.engine.auth;

import io.rolegate.engine.config.AuthConfig;
import io.rolegate.engine.config.AuthMode;
import io.rolegate.engine.config.ClientCertificateConfig;
import io.rolegate.engine.config.ClientCertificateConfig.CertificateAttribute;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.TrustAnyServer;
import io.rolegate.engine.testbed.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import static io.rolegate.engine.testbed.DirectoryProxies.MAPPINGS;
import static io.rolegate.engine.testbed.DirectoryProxies.directoryMode;
import static io.rolegate.engine.testbed.DirectoryProxies.login;
import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static io.rolegate.engine.testbed.DirectoryProxies.roles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Client certificates instead of passwords: certificates from a test CA (BouncyCastle), verified against
 * listen.tls.clientCa, mapped by their e-mail SAN to a directory entry with (mail={value}); pgjdbc presents them
 * with sslcert/sslkey and has no password at all.
 */
class ClientCertificateLoginTest {
    @TempDir
    static Path dir;
    static TestDirectory ldap;
    static TestProxy proxy;
    static TestCertificates.Authority ca;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start(); // the fixture's two "twin" entries share one address
        ca = TestCertificates.authority("Rolegate test client CA");
        Path caFile = ca.writeCertificate(dir.resolve("client-ca.pem"));
        proxy = TestProxy.start(dir.resolve("data"), c -> {
            var d = directoryMode(ldap, MAPPINGS, false).apply(c);
            return d.withListen(d.listen().withTls(d.listen().tls().withClientCa(caFile)))
                    .withAuth(new AuthConfig(AuthMode.DIRECTORY, new ClientCertificateConfig(
                            CertificateAttribute.SAN_EMAIL, "(mail={value})")));
        });
    }

    @AfterAll
    static void stop() {
        proxy.close();
        ldap.close();
    }

    /** pgjdbc over TLS with a client certificate and key (PKCS#8 DER, as pgjdbc reads it) and no password. */
    private static Connection connectWith(TestCertificates.Issued cert, String user) throws Exception {
        return io.rolegate.engine.testbed.CertificateLogins.connect(proxy, dir, cert, user);
    }

    private static void assertRefused(ThrowingCall call, String... words) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PSQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("28000");
            assertThat(e.getMessage()).contains(words);
        });
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aCertificateNamingAliceLogsHerInWithoutAPasswordAsHerRoleWithHerGroupsRoles() throws Exception {
        try (Connection c = connectWith(ca.issueClient("CN=Alice Example,O=Example", "alice@example.org"), "alice")) {
            assertThat(one(c, "select current_user")).isEqualTo("alice");
            assertThat(roles(c)).containsExactly("dba_role");
        }
        var decided = proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.ACCESS_DECIDED).user("alice"));
        assertThat(decided).anySatisfy(r -> assertThat(r.event().message())
                .contains("client certificate (san-email \"alice@example.org\") maps to")
                .contains("uid=alice").contains("dba_role"));
    }

    @Test
    void aCertificateMatchingNoEntryOrSeveralIs28000SayingWhich() {
        assertRefused(() -> connectWith(ca.issueClient("CN=Nobody", "nobody@example.org"), "nobody").close(),
                "san-email \"nobody@example.org\"", "matches no single directory entry", "no entry under");
        assertRefused(() -> connectWith(ca.issueClient("CN=Twin", "twin@example.org"), "twin").close(),
                "several entries", "refusing to guess");
        assertRefused(() -> connectWith(ca.issueClient("CN=No Mail"), "alice").close(),
                "no e-mail subject alternative name");
    }

    @Test
    void theCertificatesUserMustBeTheOneAskedFor() {
        assertRefused(() -> connectWith(ca.issueClient("CN=Alice", "alice@example.org"), "bob").close(),
                "belongs to directory user \"alice\", not \"bob\"");
    }

    @Test
    void theDirectorysAccountStateAndMappingsStillDecide() {
        assertRefused(() -> connectWith(ca.issueClient("CN=Erin", "erin@example.org"), "erin").close(), "locked");
        assertRefused(() -> connectWith(ca.issueClient("CN=Carol", "carol@example.org"), "carol").close(),
                "carol", "no directory group");
    }

    /**
     * pgjdbc only offers a certificate the server's CA list names, so a raw client that offers it anyway plays the
     * forger: the handshake must fail, and no password prompt or session follow.
     */
    @Test
    void aCertificateFromAnotherAuthorityFailsTheHandshake() throws Exception {
        TestCertificates.Issued forged = TestCertificates.authority("Someone else's CA")
                .issueClient("CN=Alice", "alice@example.org");
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[]{new AlwaysPresent(forged)}, new TrustManager[]{new TrustAnyServer()}, null);
        try (Socket plain = new Socket("127.0.0.1", proxy.port())) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array());
            assertThat(plain.getInputStream().read()).isEqualTo('S');
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", proxy.port(), true);
            assertThatThrownBy(() -> {
                s.startHandshake();
                byte[] params = "user\0alice\0database\0appdb\0\0".getBytes(StandardCharsets.UTF_8);
                s.getOutputStream().write(ByteBuffer.allocate(8 + params.length).putInt(8 + params.length)
                        .putInt(196608).put(params).array());
                if (s.getInputStream().read() < 0) {
                    throw new java.io.EOFException("closed without a word");
                }
            }).isInstanceOf(java.io.IOException.class);
        }
        assertThat(proxy.engine().sessions()).noneMatch(x -> "alice".equals(x.user()));
    }

    /** Offers its certificate whatever CAs the server names. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final TestCertificates.Issued issued;

        AlwaysPresent(TestCertificates.Issued issued) {
            this.issued = issued;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[]{issued.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return issued.key();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[]{"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }


    @Test
    void withoutACertificateThePasswordStillWorks() throws Exception {
        try (Connection c = login(proxy, "alice", TestDirectory.password("alice"))) {
            assertThat(one(c, "select current_user")).isEqualTo("alice");
        }
    }
}
