package io.rolegate.engine.attacks;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineState;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.ConsoleConfig;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 item 4: carol (read-only) saved settings, imported a YAML mapping her group to dba_role and restarted the
 * engine — and had dba_role. Here a read-only console user, a forged identity, a logged-out one and an administrator
 * the directory has since demoted each call the facade directly, and each is refused by the engine and audited.
 */
class ConsoleAuthorityAttackTest {
    @TempDir
    Path dataDir;
    TestDirectory ldap;
    TestProxy proxy;
    Engine engine;

    @BeforeEach
    void start() throws Exception {
        ldap = TestDirectory.start();
        proxy = TestProxy.start(dataDir, c -> DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false)
                .apply(c).withConsole(new ConsoleConfig(TestDirectory.groupDn("dba"),
                        TestDirectory.groupDn("readers"))));
        engine = proxy.engine();
    }

    @AfterEach
    void stop() {
        proxy.close();
        ldap.close();
    }

    private ConsoleIdentity login(String user) {
        return engine.directory().consoleLogin(user, TestDirectory.password(user).toCharArray());
    }

    /** Every way a read-only user could change something, as a call straight on the facade. */
    private List<Executable> everyChange(Engine e, ConsoleIdentity who, long sessionId) {
        List<Mapping> grab = new ArrayList<>(DirectoryProxies.MAPPINGS);
        grab.add(new Mapping(TestDirectory.groupDn("readers"), Set.of("dba_role")));
        String yaml = e.settings().runningYaml() + "\n";
        return List.of(
                () -> e.directory().applyMappings(grab, who, "readers administer"),
                () -> e.settings().save(yaml.replace("readonly_role", "dba_role"), Map.of(), who, "import"),
                () -> e.settings().rollback(1, who, "back"),
                () -> e.disconnect(sessionId, "bye", who),
                () -> e.cancelQuery(sessionId, who),
                () -> e.backupStore(dataDir.resolve("stolen.zip"), who),
                () -> e.storeSecrets(Map.of("directory.bindPassword", Secret.of("x")), who),
                () -> e.stop(Duration.ZERO, who));
    }

    private List<AuditRecord> refusals() {
        return engine.audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_ACTION_REFUSED));
    }

    @Test
    void aReadOnlyUserCallingTheFacadeDirectlyIsRefusedEveryTimeAndEveryRefusalIsAudited() throws Exception {
        ConsoleIdentity bob = login("bob");
        assertThat(bob.mayAdminister()).isFalse();
        int versions = engine.settings().history().size();
        try (Connection alice = DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice"))) {
            long session = engine.sessions().get(0).id();
            for (Executable change : everyChange(engine, bob, session)) {
                assertThatThrownBy(change::execute).isInstanceOf(PermissionDenied.class)
                        .hasMessageContaining("bob may only look");
            }
            assertThat(DirectoryProxies.one(alice, "select 1")).as("alice's session lives on").isEqualTo("1");
        }
        assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
        assertThat(engine.directory().mappings()).containsExactlyInAnyOrderElementsOf(DirectoryProxies.MAPPINGS);
        assertThat(engine.settings().history()).hasSize(versions);
        assertThat(Files.exists(dataDir.resolve("stolen.zip"))).isFalse();
        assertThat(refusals()).hasSize(8).allSatisfy(r -> assertThat(r.event().actor()).isEqualTo("bob"));
    }

    @Test
    void aForgedIdentityIsJudgedByTheEnginesOwnRecordNotByItsFields() {
        ConsoleIdentity bob = login("bob");
        ConsoleIdentity promoted = new ConsoleIdentity("bob", bob.dn(), "Bob", true, "says so", bob.token());
        ConsoleIdentity madeUp = new ConsoleIdentity("alice", TestDirectory.userDn("alice"), "Alice", true, "forged");
        ConsoleIdentity alice = login("alice");
        ConsoleIdentity borrowed = new ConsoleIdentity("bob", bob.dn(), "Bob", true, "swap", alice.token());

        assertThatThrownBy(() -> engine.stop(Duration.ZERO, promoted)).isInstanceOf(PermissionDenied.class)
                .hasMessageContaining("bob may only look");
        assertThatThrownBy(() -> engine.stop(Duration.ZERO, madeUp)).isInstanceOf(PermissionDenied.class)
                .hasMessageContaining("not logged in");
        assertThatThrownBy(() -> engine.stop(Duration.ZERO, borrowed)).isInstanceOf(PermissionDenied.class)
                .hasMessageContaining("not logged in");
        assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
    }

    @Test
    void anAdministratorTheDirectoryHasSinceDemotedIsRefusedAtTheNextAction() throws Exception {
        ConsoleIdentity alice = login("alice");
        assertThat(alice.mayAdminister()).isTrue();
        ldap.server().modify(TestDirectory.groupDn("data-team"),
                new Modification(ModificationType.DELETE, "member", TestDirectory.userDn("alice")));

        List<Mapping> more = new ArrayList<>(DirectoryProxies.MAPPINGS);
        more.add(new Mapping(TestDirectory.groupDn("readers"), Set.of("dba_role")));
        assertThatThrownBy(() -> engine.directory().applyMappings(more, alice, "still admin?"))
                .isInstanceOf(PermissionDenied.class).hasMessageContaining("alice may not use the console");
        assertThat(engine.directory().mappings()).containsExactlyInAnyOrderElementsOf(DirectoryProxies.MAPPINGS);
        assertThat(refusals()).singleElement().satisfies(r -> assertThat(r.event().actor()).isEqualTo("alice"));
    }

    @Test
    void aLoggedOutIdentityAndTheProcessOperatorGetNothingWhenConsoleLoginsAreConfigured() {
        ConsoleIdentity alice = login("alice");
        engine.logout(alice);
        assertThatThrownBy(() -> engine.stop(Duration.ZERO, alice)).isInstanceOf(PermissionDenied.class)
                .hasMessageContaining("not logged in");
        assertThatThrownBy(() -> engine.operator("root")).isInstanceOf(PermissionDenied.class)
                .hasMessageContaining("console logins are configured");
        assertThat(engine.audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_LOGOUT))).hasSize(1);
    }

    @Test
    void aReadOnlyUserCannotStartTheEngineAgainNorAnAdministratorWithoutBeingOnRecord() {
        ConsoleIdentity alice = login("alice");
        ConsoleIdentity bob = login("bob");
        engine.stop(Duration.ZERO, alice);
        Engine byBob = engine.successor(engine.configuration());
        assertThatThrownBy(() -> byBob.start(bob)).isInstanceOf(PermissionDenied.class)
                .hasMessageContaining("bob may only look");
        assertThat(byBob.state()).isNotEqualTo(EngineState.RUNNING);

        Engine byAlice = engine.successor(engine.configuration());
        byAlice.start(alice);
        try {
            assertThat(byAlice.audit().records(AuditQuery.all().type(AuditEventType.ADMIN_ACTION)))
                    .extracting(r -> r.event().actor() + ": " + r.event().message())
                    .contains("alice: stop the engine (0 live sessions)", "alice: start the engine");
            assertThat(byAlice.audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_ACTION_REFUSED)))
                    .singleElement().satisfies(r -> assertThat(r.event().message()).contains("start the engine"));
        } finally {
            byAlice.stop(Duration.ZERO);
        }
    }

    @Test
    void anAdministratorsDisconnectAndCancelAreAuditedInTheirName() throws Exception {
        ConsoleIdentity alice = login("alice");
        try (Connection c = DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice"))) {
            long session = engine.sessions().get(0).id();
            assertThat(engine.cancelQuery(session, alice).get()).isFalse();
            assertThat(engine.disconnect(session, "enough", alice)).isTrue();
        }
        assertThat(engine.audit().records(AuditQuery.all().type(AuditEventType.ADMIN_ACTION)))
                .extracting(r -> r.event().actor() + ": " + r.event().message())
                .anyMatch(s -> s.startsWith("alice: cancel the running query of session"))
                .anyMatch(s -> s.startsWith("alice: disconnect session"));
    }

    @Test
    void settingsFromTheConsoleCannotPullSecretsOrEnvironmentIntoPlainFields() {
        ConsoleIdentity alice = login("alice");
        String running = engine.settings().runningYaml();
        String leak = running.replaceFirst("(?m)^listen:\\n", "listen:\n  host: \\${HOME}\n");
        assertThat(leak).isNotEqualTo(running);
        int versions = engine.settings().history().size();
        assertThatThrownBy(() -> engine.settings().save(leak, Map.of(), alice, "leak"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot reference environment variables outside the secret fields");
        String wrongSecret = running.replace("${ROLEGATE_LDAP_PASSWORD}", "${ROLEGATE_ADMIN_PASSWORD}");
        assertThat(wrongSecret).isNotEqualTo(running);
        assertThatThrownBy(() -> engine.settings().check(wrongSecret, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only ${ROLEGATE_LDAP_PASSWORD}");
        assertThat(engine.settings().history()).hasSize(versions);
    }
}
