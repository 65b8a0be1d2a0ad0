package io.rolegate.engine.auth;

import io.rolegate.engine.config.AccessConfig;
import io.rolegate.engine.directory.Directory;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.policy.PolicyRules;
import io.rolegate.engine.policy.RequestContext;
import io.rolegate.engine.provisioning.AdminDatabase;
import io.rolegate.engine.provisioning.ManagedSecrets;
import io.rolegate.engine.provisioning.RoleProvisioner;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event loop's shortcut for warm logins answers only from memory, and only what the worker path would answer:
 * a real directory and PostgreSQL behind it, mapping and role changes in between.
 */
class LoginFromMemoryTest {
    static TestDirectory ldap;
    static Directory directory;
    static AdminDatabase admin;
    static RoleProvisioner provisioner;
    static final AtomicReference<AccessConfig> access = new AtomicReference<>();
    static DirectoryLogin login;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        directory = Directory.open(ldap.settings().cacheTtl(Duration.ofMinutes(5))
                .negativeCacheTtl(Duration.ofMinutes(5)).build());
        TestPostgres pg = TestPostgres.get();
        admin = new AdminDatabase("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?sslmode=disable",
                TestPostgres.ADMIN_USER, TestPostgres.PASSWORD, "test admin");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        provisioner = new RoleProvisioner(admin, new ManagedSecrets(key));
        access.set(new AccessConfig(DirectoryProxies.MAPPINGS, PolicyRules.none()));
        login = new DirectoryLogin(directory, access::get, provisioner, Clock.systemUTC(), user -> { });
    }

    @AfterAll
    static void stop() {
        access.set(new AccessConfig(DirectoryProxies.MAPPINGS, PolicyRules.none()));
        admin.close();
        directory.close();
        ldap.close();
    }

    private static RequestContext request(String user) throws Exception {
        return new RequestContext(user, TestPostgres.DATABASE, InetAddress.getLoopbackAddress(), "test",
                Instant.now(), 0);
    }

    private static char[] password(String user) {
        return TestDirectory.password(user).toCharArray();
    }

    @Test
    void nothingIsAnsweredBeforeTheDirectoryWasAskedThenTheSameGrantIs() throws Exception {
        assertThat(login.loginFromMemory(request("alice"), password("alice"))).isEmpty();
        LoginOutcome first = login.login(request("alice"), password("alice"));
        assertThat(first).isInstanceOf(LoginOutcome.Granted.class);
        LoginOutcome warm = login.loginFromMemory(request("alice"), password("alice")).orElseThrow();
        assertThat(warm).isInstanceOfSatisfying(LoginOutcome.Granted.class, g -> {
            assertThat(g.role()).isEqualTo("alice");
            assertThat(g.roles()).containsExactly("dba_role");
            assertThat(g.executed()).as("nothing run upstream").isEmpty();
        });
        assertThat(login.loginFromMemory(request("alice"), "not-her-password".toCharArray()))
                .as("another password never hits the cached success").isEmpty();
    }

    @Test
    void aCachedRefusalIsRefusedWithItsSqlState() throws Exception {
        char[] wrong = "wrong-for-kim".toCharArray();
        assertThat(login.login(request("kim"), wrong.clone())).isInstanceOfSatisfying(LoginOutcome.Refused.class,
                r -> assertThat(r.sqlState()).isEqualTo("28P01"));
        assertThat(login.loginFromMemory(request("kim"), wrong.clone()).orElseThrow())
                .isInstanceOfSatisfying(LoginOutcome.Refused.class, r -> assertThat(r.sqlState()).isEqualTo("28P01"));
    }

    @Test
    void aMappingChangeOrAForgottenRoleSendsTheLoginBackToTheWorker() throws Exception {
        assertThat(login.login(request("bob"), password("bob"))).isInstanceOf(LoginOutcome.Granted.class);
        assertThat(login.loginFromMemory(request("bob"), password("bob"))).isPresent();

        List<Mapping> more = new java.util.ArrayList<>(DirectoryProxies.MAPPINGS);
        more.add(new Mapping(TestDirectory.groupDn("analysts"), Set.of("dba_role")));
        access.set(new AccessConfig(more, PolicyRules.none()));
        try {
            assertThat(login.loginFromMemory(request("bob"), password("bob")))
                    .as("the role does not hold the new mapping's roles yet: provisioning must run").isEmpty();
            assertThat(login.login(request("bob"), password("bob"))).isInstanceOfSatisfying(
                    LoginOutcome.Granted.class, g -> assertThat(g.roles()).contains("dba_role"));
            assertThat(login.loginFromMemory(request("bob"), password("bob"))).isPresent();
        } finally {
            access.set(new AccessConfig(DirectoryProxies.MAPPINGS, PolicyRules.none()));
        }
        access.set(new AccessConfig(List.of(), PolicyRules.none()));
        try {
            assertThat(login.loginFromMemory(request("bob"), password("bob")))
                    .as("no mapping left: the refusal is the worker's to give").isEmpty();
        } finally {
            access.set(new AccessConfig(DirectoryProxies.MAPPINGS, PolicyRules.none()));
        }
        provisioner.forgetPassword("bob");
        assertThat(login.loginFromMemory(request("bob"), password("bob"))).isEmpty();
        login.forget("bob");
        assertThat(login.login(request("bob"), password("bob"))).isInstanceOf(LoginOutcome.Granted.class);
        login.forget("bob");
        assertThat(login.loginFromMemory(request("bob"), password("bob")))
                .as("a watcher said bob changed: ask the directory again").isEmpty();
    }
}
