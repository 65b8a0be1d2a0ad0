package io.rolegate.engine.session;

import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.config.ListenTlsConfig;
import io.rolegate.engine.config.ListenTlsMode;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS towards clients (terminated at the proxy) and towards the server (libpq sslmode semantics). */
class TlsSessionTest {
    @TempDir
    Path dataDir;

    private static TestProxy proxyWithClientTls(Path dataDir, ListenTlsMode mode) {
        return TestProxy.start(dataDir, c -> c.withListen(ListenConfig.defaults().withPort(0)
                .withTls(new ListenTlsConfig(mode, null, null, true))));
    }

    private static Properties ssl(String mode) {
        Properties p = new Properties();
        p.setProperty("sslmode", mode);
        return p;
    }

    @Test
    void clientTlsWithASelfSignedCertificate() throws Exception {
        try (TestProxy proxy = proxyWithClientTls(dataDir, ListenTlsMode.OPTIONAL);
             Connection c = proxy.connect(TestPostgres.SCRAM_USER, TestPostgres.PASSWORD, ssl("require"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(TestPostgres.SCRAM_USER);
            assertThat(SessionControlTest.only(proxy).tls()).startsWith("TLSv1.3");
        }
        assertThat(dataDir.resolve("tls/self-signed.crt")).exists();
    }

    @Test
    void optionalTlsStillAcceptsPlainClients() throws Exception {
        try (TestProxy proxy = proxyWithClientTls(dataDir, ListenTlsMode.OPTIONAL); Connection c = proxy.connect()) {
            assertThat(c.isValid(2)).isTrue();
            assertThat(SessionControlTest.only(proxy).tls()).isNull();
        }
    }

    @Test
    void requiredTlsRefusesPlainClientsWith08004() {
        try (TestProxy proxy = proxyWithClientTls(dataDir, ListenTlsMode.REQUIRED)) {
            assertThatThrownBy(() -> proxy.connect().close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("08004");
                        assertThat(e.getMessage()).contains("requires TLS");
                    });
        }
    }

    @Test
    void directSslWithAlpn() throws Exception {
        Properties p = ssl("require");
        p.setProperty("sslNegotiation", "direct");
        try (TestProxy proxy = proxyWithClientTls(dataDir, ListenTlsMode.REQUIRED);
             Connection c = proxy.connect(TestPostgres.SCRAM_USER, TestPostgres.PASSWORD, p)) {
            assertThat(c.isValid(2)).isTrue();
            assertThat(SessionControlTest.only(proxy).tls()).contains("(direct)");
        }
    }

    private static TestProxy proxyWithUpstreamTls(Path dataDir, String host, UpstreamTlsMode mode) {
        TestPostgres pg = TestPostgres.get();
        return TestProxy.start(dataDir, c -> c.withUpstream(
                new UpstreamConfig(host, pg.port(), mode, pg.caCertificate())));
    }

    private static boolean upstreamUsesTls(Connection c) throws Exception {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void upstreamVerifyFullChecksChainAndHostName() throws Exception {
        try (TestProxy proxy = proxyWithUpstreamTls(dataDir, "localhost", UpstreamTlsMode.VERIFY_FULL);
             Connection c = proxy.connect()) {
            assertThat(upstreamUsesTls(c)).isTrue();
        }
    }

    @Test
    void upstreamVerifyFullRefusesACertificateForAnotherName() {
        try (TestProxy proxy = proxyWithUpstreamTls(dataDir, "127.0.0.1", UpstreamTlsMode.VERIFY_FULL)) {
            assertThatThrownBy(() -> proxy.connect().close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("08006");
                        assertThat(e.getMessage()).contains("TLS with the upstream server at 127.0.0.1:");
                    });
        }
    }

    @Test
    void upstreamRequireAndPreferWithoutARootCertEncryptWithoutCheckingTheName() throws Exception {
        for (UpstreamTlsMode mode : new UpstreamTlsMode[]{UpstreamTlsMode.REQUIRE, UpstreamTlsMode.PREFER}) {
            try (TestProxy proxy = TestProxy.start(dataDir, c -> c.withUpstream(
                    new UpstreamConfig("127.0.0.1", TestPostgres.get().port(), mode, null)));
                 Connection c = proxy.connect()) {
                assertThat(upstreamUsesTls(c)).as(mode.name()).isTrue();
            }
        }
    }

    /** Issue 13 item 6: a configured rootCert means the host name is checked under require and prefer too. */
    @Test
    void upstreamRequireAndPreferWithARootCertCheckTheName() throws Exception {
        for (UpstreamTlsMode mode : new UpstreamTlsMode[]{UpstreamTlsMode.REQUIRE, UpstreamTlsMode.PREFER}) {
            try (TestProxy proxy = proxyWithUpstreamTls(dataDir, "localhost", mode); Connection c = proxy.connect()) {
                assertThat(upstreamUsesTls(c)).as(mode.name()).isTrue();
            }
            try (TestProxy proxy = proxyWithUpstreamTls(dataDir, "127.0.0.1", mode)) {
                assertThatThrownBy(() -> proxy.connect().close()).as(mode.name())
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("08006");
                            assertThat(e.getMessage()).contains("TLS with the upstream server at 127.0.0.1:");
                        });
            }
        }
    }

    @Test
    void upstreamDisableStaysPlain() throws Exception {
        try (TestProxy proxy = proxyWithUpstreamTls(dataDir, "127.0.0.1", UpstreamTlsMode.DISABLE);
             Connection c = proxy.connect()) {
            assertThat(upstreamUsesTls(c)).isFalse();
        }
    }

    private static TestProxy tlsBothHops(Path dataDir) {
        return TestProxy.start(dataDir, c -> c
                .withListen(ListenConfig.defaults().withPort(0)
                        .withTls(new ListenTlsConfig(ListenTlsMode.REQUIRED, null, null, true)))
                .withUpstream(new UpstreamConfig("localhost", TestPostgres.get().port(), UpstreamTlsMode.VERIFY_FULL,
                        TestPostgres.get().caCertificate())));
    }

    @Test
    void tlsOnBothHopsWithScramPassthroughNeedsChannelBindingOff() throws Exception {
        Properties p = ssl("require");
        p.setProperty("channelBinding", "disable");
        try (TestProxy proxy = tlsBothHops(dataDir);
             Connection c = proxy.connect(TestPostgres.SCRAM_USER, TestPostgres.PASSWORD, p)) {
            assertThat(upstreamUsesTls(c)).isTrue();
        }
    }

    @Test
    void tlsOnBothHopsWithChannelBindingExplainsWhatToDo() {
        try (TestProxy proxy = tlsBothHops(dataDir)) {
            assertThatThrownBy(() -> proxy.connect(TestPostgres.SCRAM_USER, TestPostgres.PASSWORD, ssl("require")))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).as("the server's own code").isEqualTo("28000");
                        assertThat(e.getMessage()).contains("cannot carry channel binding")
                                .contains("channel_binding=disable");
                    });
        }
    }

    @Test
    void md5PassthroughWorksOverTlsOnBothHops() throws Exception {
        try (TestProxy proxy = tlsBothHops(dataDir);
             Connection c = proxy.connect(TestPostgres.MD5_USER, TestPostgres.PASSWORD, ssl("require"))) {
            assertThat(upstreamUsesTls(c)).isTrue();
        }
    }
}
