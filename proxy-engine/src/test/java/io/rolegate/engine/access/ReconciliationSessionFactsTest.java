package io.rolegate.engine.access;

import io.rolegate.engine.access.real.LiveSessions;
import io.rolegate.engine.config.AccessConfig;
import io.rolegate.engine.config.ListenConfig;
import io.rolegate.engine.directory.TestDirectory;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.policy.Cidr;
import io.rolegate.engine.policy.PolicyRules;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 item 3, attacked: with {@code policies.allowedSources: ["::1/128"]} and clients on ::1, the periodic
 * reconciliation decided every user as if from 127.0.0.1, refused them all, locked every managed role and ended
 * every session. Now each session is re-decided with its own address (and database, application, time), and a
 * user without a session on directory facts only. The reconciliation runs every 300 ms here; no watcher.
 */
class ReconciliationSessionFactsTest {
    @TempDir
    Path dataDir;
    TestDirectory ldap;
    TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        ldap = TestDirectory.start();
        var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        proxy = TestProxy.start(dataDir, c -> {
            var d = base.apply(c);
            AccessConfig access = d.access();
            return d.withListen(new ListenConfig("::", 0, d.listen().tls(), false))
                    .withDirectory(d.directory().toBuilder().watch(WatchMode.OFF)
                            .reconcileInterval(Duration.ofMillis(300)).build())
                    .withAccess(access.withPolicies(access.policies()
                            .withAllowedSources(List.of(Cidr.parse("::1/128")))));
        });
    }

    @AfterEach
    void stop() {
        proxy.close();
        ldap.close();
    }

    private Connection loginFrom(String host, String user) throws Exception {
        Properties p = DirectoryProxies.tls();
        p.setProperty("user", user);
        p.setProperty("password", TestDirectory.password(user));
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + proxy.port() + "/"
                + TestPostgres.DATABASE, p);
    }

    @Test
    void aSessionOnTheOnlyAllowedAddressSurvivesReconciliationAndSoDoesAUserWithoutOne() throws Exception {
        loginFrom("[::1]", "bob").close(); // bob now has a managed role and no session
        try (Connection alice = loginFrom("[::1]", "alice")) {
            assertThat(DirectoryProxies.one(alice, "select inet_client_addr() is not null")).isEqualTo("t");
            Thread.sleep(1_500); // five reconciliation passes

            assertThat(DirectoryProxies.one(alice, "select current_user")).as("alice's session on ::1 lives")
                    .isEqualTo("alice");
            assertCanLogin("alice");
            assertCanLogin("bob");
            assertThat(proxy.engine().auditRecords(AuditQuery.all().type(AuditEventType.REVOCATION)))
                    .as("nobody was revoked").noneSatisfy(r -> assertThat(r.event().user()).isIn("alice", "bob"));
        }
        assertThatThrownBy(() -> loginFrom("127.0.0.1", "alice").close())
                .as("the rule still holds for a new login from elsewhere")
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08004"));
        try (Connection again = loginFrom("[::1]", "bob")) {
            assertThat(DirectoryProxies.one(again, "select current_user")).isEqualTo("bob");
        }
    }

    private void assertCanLogin(String role) throws InterruptedException {
        LiveSessions.eventually(Duration.ofSeconds(2), "role " + role + " exists and may log in", () ->
                proxy.engine().directory().upstreamRoles().stream()
                        .anyMatch(r -> r.name().equals(role) && r.managed() && r.canLogin()));
    }
}
