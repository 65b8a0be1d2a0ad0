package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.testbed.TestDirectory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.rolegate.engine.testbed.TestDirectory.password;
import static org.assertj.core.api.Assertions.assertThat;

/** TLS, failover and an absent directory, against real listeners. */
class DirectoryConnectionTest {
    private static TestDirectory ldap;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    private static AuthResult aliceThrough(DirectorySettings settings) {
        try (Directory directory = Directory.open(settings)) {
            return directory.authenticate("alice", password("alice").toCharArray());
        }
    }

    @Test
    void startTlsWithTrustedCa() throws Exception {
        assertThat(aliceThrough(ldap.settings().startTls(true).trustCa(TestDirectory.caPem()).build()))
                .isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void ldapsWithTrustedCa() throws Exception {
        assertThat(aliceThrough(ldap.settings().urls(ldap.ldapsUrl()).trustCa(TestDirectory.caPem()).build()))
                .isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void untrustedCertificateIsUnavailableNotAccepted() {
        // The JDK's default trust store does not know the test's self-signed certificate.
        AuthResult result = aliceThrough(ldap.settings().urls(ldap.ldapsUrl()).build());
        assertThat(result).isInstanceOf(AuthResult.DirectoryUnavailable.class);
        assertThat(aliceThrough(ldap.settings().startTls(true).build()))
                .isInstanceOf(AuthResult.DirectoryUnavailable.class);
    }

    @Test
    void certificateForAnotherHostNameIsRefused() throws Exception {
        // The SDK trusts any loopback IP address (W3C "potentially trustworthy"), so the check can only be seen
        // through a host name: this machine's own name, when it resolves to loopback and is not in the certificate.
        java.net.InetAddress local = java.net.InetAddress.getLocalHost();
        String name = local.getHostName();
        org.junit.jupiter.api.Assumptions.assumeTrue(local.isLoopbackAddress() && !name.equalsIgnoreCase("localhost"),
                "the host name does not resolve to a loopback address");
        try (TestDirectory elsewhere = TestDirectory.start(local)) {
            String byName = elsewhere.ldapsUrl().replace(local.getHostAddress(), name);
            AuthResult result = aliceThrough(elsewhere.settings().urls(byName).trustCa(TestDirectory.caPem()).build());
            assertThat(result).isInstanceOf(AuthResult.DirectoryUnavailable.class);
            assertThat(((AuthResult.DirectoryUnavailable) result).cause()).contains(name);
            assertThat(aliceThrough(elsewhere.settings().urls(elsewhere.ldapsUrl()).trustCa(TestDirectory.caPem())
                    .build())).isInstanceOf(AuthResult.Authenticated.class);
        }
    }

    @Test
    void failsOverToTheSecondUrl() throws Exception {
        String down = "ldap://127.0.0.1:" + TestDirectory.closedPort();
        assertThat(aliceThrough(ldap.settings().urls(down, ldap.ldapUrl()).build()))
                .isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void directoryDownIsUnavailable() throws Exception {
        String down = "ldap://127.0.0.1:" + TestDirectory.closedPort();
        try (Directory directory = Directory.open(ldap.settings().urls(down).build())) {
            AuthResult login = directory.authenticate("alice", password("alice").toCharArray());
            assertThat(login).isInstanceOf(AuthResult.DirectoryUnavailable.class);
            assertThat(((AuthResult.DirectoryUnavailable) login).cause()).isNotBlank();
            assertThat(directory.lookup("alice")).isInstanceOf(AuthResult.DirectoryUnavailable.class);
        }
    }

    @Test
    void directoryThatGoesAwayIsUnavailableAndComesBack() throws Exception {
        try (TestDirectory own = TestDirectory.start();
             Directory directory = Directory.open(own.settings().build())) {
            assertThat(directory.authenticate("alice", password("alice").toCharArray()))
                    .isInstanceOf(AuthResult.Authenticated.class);
            int port = own.server().getListenPort("LDAP");
            own.server().shutDown("LDAP", true);
            assertThat(directory.authenticate("alice", password("alice").toCharArray()))
                    .isInstanceOf(AuthResult.DirectoryUnavailable.class);
            own.server().startListening("LDAP");
            org.junit.jupiter.api.Assumptions.assumeTrue(own.server().getListenPort("LDAP") == port,
                    "listener came back on another port");
            assertThat(directory.authenticate("alice", password("alice").toCharArray()))
                    .isInstanceOf(AuthResult.Authenticated.class);
        }
    }

    @Test
    void wrongServiceAccountPasswordIsUnavailable() {
        AuthResult result = aliceThrough(ldap.settings().bind(TestDirectory.SERVICE_DN, Secret.of("wrong")).build());
        assertThat(result).isInstanceOf(AuthResult.DirectoryUnavailable.class);
    }
}
