package io.rolegate.engine.attacks;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.directory.WatchMode;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL lets every role change its own password, so a directory user can give his managed role a password of
 * his own ({@code ALTER ROLE CURRENT_USER PASSWORD …} through the proxy) and log in to PostgreSQL around the proxy,
 * where {@code pg_hba.conf} lets him (the admin guide admits managed roles from the proxy's address only; this test
 * bed admits them from loopback, so the attack gets that far here). What Rolegate guarantees, tried here: his next
 * login through the proxy takes the role's password back and says so in the audit, and revocation ends his direct
 * backend and shuts the door on the password he chose (NOLOGIN).
 */
class OwnPasswordAttackTest {
    private static final String ANALYSTS = TestDirectory.groupDn("analysts");

    @TempDir
    Path dataDir;
    TestDirectory ldap;
    TestProxy proxy;
    String user;

    @BeforeEach
    void start() throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxChangeLogEntries(1_000));
        // a user of this test only: the cluster is shared, and his role must start as Rolegate made it
        user = "selfpw" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        ldap.server().add("dn: " + TestDirectory.userDn(user), "objectClass: inetOrgPerson",
                "objectClass: rolegateTestAccount", "uid: " + user, "cn: " + user, "sn: " + user,
                "userPassword: " + TestDirectory.password(user), "memberOf: " + ANALYSTS);
        ldap.server().modify(ANALYSTS, new Modification(ModificationType.ADD, "member", TestDirectory.userDn(user)));
        var base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        proxy = TestProxy.start(dataDir, c -> {
            var d = base.apply(c);
            return d.withDirectory(d.directory().toBuilder().watch(WatchMode.POLL)
                    .pollInterval(Duration.ofMillis(200)).cacheTtl(Duration.ZERO).build());
        });
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (ldap != null) {
            ldap.close();
        }
    }

    @Test
    void hisNextLoginThroughTheProxyTakesThePasswordBackAndAuditsIt() throws Exception {
        setOwnPassword("his-own-1");
        try (Connection direct = direct("his-own-1")) {
            assertThat(DirectoryProxies.one(direct, "select current_user")).isEqualTo(user);
        }

        try (Connection again = login()) {
            assertThat(DirectoryProxies.one(again, "select current_user")).isEqualTo(user);
        }

        assertThatThrownBy(() -> direct("his-own-1").close())
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThat(proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.PROVISIONED).user(user))
                .stream().map(r -> r.event().message()))
                .anySatisfy(d -> assertThat(d).contains("password of " + user + " set again"));
    }

    @Test
    void revocationEndsHisDirectBackendAndRefusesThePasswordHeChose() throws Exception {
        setOwnPassword("his-own-2");
        try (Connection direct = direct("his-own-2")) {
            assertThat(DirectoryProxies.one(direct, "select pg_has_role('analyst_role', 'member')")).isEqualTo("t");

            ldap.server().modify(TestDirectory.userDn(user), new Modification(ModificationType.DELETE, "memberOf",
                    ANALYSTS));
            ldap.server().modify(ANALYSTS, new Modification(ModificationType.DELETE, "member",
                    TestDirectory.userDn(user)));

            Eventually.within(Duration.ofSeconds(20), "his direct backend is ended", () -> {
                try (Statement s = direct.createStatement()) {
                    s.execute("select 1");
                    return false;
                } catch (SQLException e) {
                    return true;
                }
            });
        }
        assertThatThrownBy(() -> direct("his-own-2").close())
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        try (Connection su = TestPostgres.get().superuser()) {
            assertThat(DirectoryProxies.one(su, "select rolcanlogin::text || ':' || (select count(*) from "
                    + "pg_auth_members m where m.member = r.oid) from pg_roles r where rolname = '" + user + "'"))
                    .as("NOLOGIN and no membership left").isEqualTo("false:0");
        }
    }

    private void setOwnPassword(String password) throws Exception {
        try (Connection c = login(); Statement s = c.createStatement()) {
            s.execute("set default_transaction_read_only = off"); // analysts are readers: a guard-rail, set away
            s.execute("alter role current_user password '" + password + "'");
        }
    }

    private Connection login() throws Exception {
        return DirectoryProxies.login(proxy, user, TestDirectory.password(user));
    }

    private Connection direct(String password) throws SQLException {
        return TestPostgres.get().connect(user, password, TestPostgres.DATABASE);
    }
}
