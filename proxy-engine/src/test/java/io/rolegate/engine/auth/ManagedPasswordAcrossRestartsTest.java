package io.rolegate.engine.auth;

import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;

import static io.rolegate.engine.testbed.DirectoryProxies.MAPPINGS;
import static io.rolegate.engine.testbed.DirectoryProxies.directoryMode;
import static io.rolegate.engine.testbed.DirectoryProxies.login;
import static io.rolegate.engine.testbed.DirectoryProxies.one;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A managed role's password is set when the role is created, and again only when the server rejects it: an engine
 * restarted with the same master key logs in with the verifier already there (deriving its SCRAM keys off the event
 * loop), and one with another master key repairs the password at its first login. Real PostgreSQL with SCRAM.
 */
class ManagedPasswordAcrossRestartsTest {
    static TestDirectory ldap;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    private static java.util.List<String> provisioningSql(TestProxy proxy) {
        return proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.PROVISIONED).user("ivan")).stream()
                .map(r -> r.event().details().toString()).toList();
    }

    @Test
    void theSameKeyAfterARestartRunsNoSqlAndAnotherKeyRepairsThePassword(@TempDir Path data,
                                                                          @TempDir Path otherData) throws Exception {
        try (TestProxy first = TestProxy.start(data, directoryMode(ldap, MAPPINGS, false));
             Connection c = login(first, "ivan", TestDirectory.password("ivan"))) {
            assertThat(one(c, "select current_user")).isEqualTo("ivan");
        }
        try (TestProxy restarted = TestProxy.start(data, directoryMode(ldap, MAPPINGS, false))) {
            int before = provisioningSql(restarted).size();
            try (Connection c = login(restarted, "ivan", TestDirectory.password("ivan"))) {
                assertThat(one(c, "select current_user")).isEqualTo("ivan");
            }
            assertThat(provisioningSql(restarted)).as("no ALTER ROLE ... PASSWORD at the first login after a restart")
                    .hasSize(before);
        }
        try (TestProxy otherKey = TestProxy.start(otherData, directoryMode(ldap, MAPPINGS, false));
             Connection c = login(otherKey, "ivan", TestDirectory.password("ivan"))) {
            assertThat(one(c, "select current_user")).as("repaired after the server rejected it").isEqualTo("ivan");
            assertThat(provisioningSql(otherKey)).anySatisfy(sql -> assertThat(sql).contains("PASSWORD"));
            assertThat(otherKey.engine().audit().records(AuditQuery.all().type(AuditEventType.ACCESS_DECIDED)
                    .user("ivan"))).as("one login, one decision, though it took two attempts upstream").hasSize(1);
        }
    }
}
