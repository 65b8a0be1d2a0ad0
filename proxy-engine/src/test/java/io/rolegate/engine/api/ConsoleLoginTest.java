package io.rolegate.engine.api;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.ConsoleIdentity;

import io.rolegate.engine.config.ConsoleConfig;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Console logins against a real directory: the bind decides who, console.adminGroup/readOnlyGroup what. */
class ConsoleLoginTest {
    @TempDir
    Path dataDir;
    TestDirectory ldap;
    TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        ldap = TestDirectory.start();
        proxy = TestProxy.start(dataDir, c -> DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false)
                .apply(c).withConsole(new ConsoleConfig(TestDirectory.groupDn("dba"),
                        TestDirectory.groupDn("readers"))));
    }

    @AfterEach
    void stop() {
        proxy.close();
        ldap.close();
    }

    private ConsoleIdentity login(String user, String password) {
        return proxy.engine().directory().consoleLogin(user, password.toCharArray());
    }

    @Test
    void aNestedMemberOfTheAdminGroupAdministers() {
        ConsoleIdentity alice = login("alice", TestDirectory.password("alice"));
        assertThat(alice.mayAdminister()).isTrue();
        assertThat(alice.dn()).isEqualTo("uid=alice,ou=people,dc=example,dc=org");
        assertThat(alice.reason()).isEqualTo("member of cn=dba via cn=data-team");
    }

    @Test
    void aMemberOfTheReadOnlyGroupMayOnlyLook() {
        ConsoleIdentity bob = login("bob", TestDirectory.password("bob"));
        assertThat(bob.mayAdminister()).isFalse();
        assertThat(bob.reason()).startsWith("member of cn=readers");
    }

    @Test
    void refusalsSayWhyWithoutTellingAWrongPasswordFromAnUnknownName() {
        assertThatThrownBy(() -> login("alice", "not-her-password")).isInstanceOf(EngineException.class)
                .hasMessage("wrong user name or password for alice");
        assertThatThrownBy(() -> login("nobody", "whatever")).isInstanceOf(EngineException.class)
                .hasMessage("wrong user name or password for nobody");
        assertThatThrownBy(() -> login("carol", TestDirectory.password("carol"))).isInstanceOf(EngineException.class)
                .hasMessage("carol may not use the console: not a member of cn=dba or cn=readers");
        assertThatThrownBy(() -> login("erin", TestDirectory.password("erin"))).isInstanceOf(EngineException.class)
                .hasMessageStartingWith("the directory does not let erin log in:");
    }

    @Test
    void everyLoginAndEveryRefusalIsAuditedWithoutThePassword() {
        login("alice", TestDirectory.password("alice"));
        assertThatThrownBy(() -> login("nobody", "guess-1234")).isInstanceOf(EngineException.class);

        var logins = proxy.engine().audit().records(io.rolegate.engine.api.model.AuditQuery.all()
                .type(io.rolegate.engine.api.model.AuditEventType.CONSOLE_LOGIN));
        assertThat(logins).singleElement().satisfies(r -> {
            assertThat(r.event().actor()).isEqualTo("alice");
            assertThat(r.event().message())
                    .isEqualTo("console login: alice as administrator, member of cn=dba via cn=data-team");
            assertThat(r.event().details()).contains("uid=alice,ou=people,dc=example,dc=org");
        });
        var refusals = proxy.engine().audit().records(io.rolegate.engine.api.model.AuditQuery.all()
                .type(io.rolegate.engine.api.model.AuditEventType.CONSOLE_LOGIN_REFUSED));
        assertThat(refusals).singleElement().satisfies(r -> {
            assertThat(r.event().user()).isEqualTo("nobody");
            assertThat(r.event().message())
                    .isEqualTo("console login refused for nobody: wrong user name or password for nobody");
            assertThat(r.event().toString()).doesNotContain("guess-1234");
        });
    }
}
