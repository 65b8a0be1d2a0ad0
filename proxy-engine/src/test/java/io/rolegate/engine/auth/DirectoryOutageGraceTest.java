package io.rolegate.engine.auth;

import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.Directory;
import io.rolegate.engine.directory.LookupResult;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.stream.Stream;

import static io.rolegate.engine.testbed.DirectoryProxies.MAPPINGS;
import static io.rolegate.engine.testbed.DirectoryProxies.directoryMode;
import static io.rolegate.engine.testbed.DirectoryProxies.login;
import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static io.rolegate.engine.testbed.DirectoryProxies.roles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code directory.outageGrace} end to end: the in-memory directory is stopped after some logins, and the proxy,
 * PostgreSQL and pgjdbc carry on. No login cache (positive or negative), so every login asks the directory.
 */
class DirectoryOutageGraceTest {
    @TempDir
    Path dataDir;

    private static TestProxy proxy(Path dataDir, TestDirectory ldap, Duration grace) {
        return TestProxy.start(dataDir, directoryMode(ldap, MAPPINGS, false).andThen(c -> c.withDirectory(
                c.directory().toBuilder().cacheTtl(Duration.ZERO).negativeCacheTtl(Duration.ZERO).outageGrace(grace)
                        .build()))::apply);
    }

    private static void assertDirectoryUnavailable(TestProxy proxy, String user, String password) {
        assertThatThrownBy(() -> login(proxy, user, password).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("08006");
                    assertThat(e.getMessage()).contains("directory unavailable");
                });
    }

    @Test
    void duringAnOutageTheLastDecisionIsHonouredForTheSamePasswordAndAudited() throws Exception {
        try (TestDirectory ldap = TestDirectory.start(); TestProxy proxy = proxy(dataDir, ldap, Duration.ofHours(1))) {
            try (Connection c = login(proxy, "alice", TestDirectory.password("alice"))) {
                assertThat(roles(c)).containsExactly("dba_role");
            }
            ldap.close();
            try (Connection c = login(proxy, "alice", TestDirectory.password("alice"))) {
                assertThat(one(c, "select current_user")).isEqualTo("alice");
                assertThat(roles(c)).containsExactly("dba_role");
            }
            var decided = proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.ACCESS_DECIDED)
                    .user("alice"));
            assertThat(decided).hasSize(2);
            assertThat(decided).anySatisfy(r -> assertThat(r.event().message())
                    .contains("allowed during directory outage, decision from 20").contains("dba_role"));
            assertThat(decided).filteredOn(r -> r.event().message().contains("outage")).hasSize(1);

            assertDirectoryUnavailable(proxy, "alice", "not-her-password");
            assertDirectoryUnavailable(proxy, "bob", TestDirectory.password("bob")); // never logged in before
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("nothing on disk holds the password: " + f)
                        .doesNotContain(TestDirectory.password("alice"));
            }
        }
    }

    @Test
    void withoutAGracePeriodAnOutageFailsClosedEvenForARecentLogin() throws Exception {
        try (TestDirectory ldap = TestDirectory.start(); TestProxy proxy = proxy(dataDir, ldap, Duration.ZERO)) {
            login(proxy, "alice", TestDirectory.password("alice")).close();
            ldap.close();
            assertDirectoryUnavailable(proxy, "alice", TestDirectory.password("alice"));
        }
    }

    @Test
    void aRefusalFromTheDirectoryCancelsTheRememberedDecision() throws Exception {
        try (TestDirectory ldap = TestDirectory.start(); TestProxy proxy = proxy(dataDir, ldap, Duration.ofHours(1))) {
            login(proxy, "alice", TestDirectory.password("alice")).close();
            ldap.server().modify("dn: " + TestDirectory.userDn("alice"), "changetype: modify",
                    "replace: pwdAccountLockedTime", "pwdAccountLockedTime: 000001010000Z");
            assertThatThrownBy(() -> login(proxy, "alice", TestDirectory.password("alice")).close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
            ldap.close();
            assertDirectoryUnavailable(proxy, "alice", TestDirectory.password("alice"));
        }
    }

    @Test
    void aLookupWithoutPasswordGivesTheSameAnswerAsTheLoginSoARecheckKeepsAnUnchangedUser() throws Exception {
        try (TestDirectory ldap = TestDirectory.start();
             Directory directory = Directory.open(ldap.settings().build())) {
            var login = (AuthResult.Authenticated) directory.authenticate("alice",
                    TestDirectory.password("alice").toCharArray());
            var lookup = (LookupResult.Found) directory.lookup("alice");
            assertThat(lookup.user()).isEqualTo(login.user());
            assertThat(login.user().groups()).isNotEmpty();
        }
    }
}
