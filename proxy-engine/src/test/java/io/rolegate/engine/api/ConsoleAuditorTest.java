package io.rolegate.engine.api;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.testbed.ConsoleProxy;
import io.rolegate.engine.testbed.TestDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The auditor permission (issue 18): console.auditorGroup, nested membership counting, decided by the engine against
 * the directory's current word; administering does not imply it, and every refusal is in the audit log.
 */
class ConsoleAuditorTest {
    static final String SEC_TEAM = TestDirectory.groupDn("sec-team");

    @TempDir
    Path dataDir;
    ConsoleProxy proxy;
    Engine engine;

    @BeforeEach
    void start() throws Exception {
        proxy = ConsoleProxy.withAuditors(dataDir, c -> c);
        engine = proxy.engine();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private ConsoleIdentity login(String user) {
        return engine.directory().consoleLogin(user, TestDirectory.password(user).toCharArray());
    }

    private List<AuditRecord> refusals() {
        return engine.audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_ACTION_REFUSED));
    }

    @Test
    void aNestedMemberOfTheAuditorGroupAuditsWithoutAdministering() {
        ConsoleIdentity carol = login("carol");
        assertThat(carol.mayAudit()).isTrue();
        assertThat(carol.mayAdminister()).isFalse();
        assertThat(carol.reason()).isEqualTo("auditor as member of cn=security via cn=sec-team");
        assertThat(engine.traces().requireAuditor(carol, "trace session 1").username()).isEqualTo("carol");
        assertThat(refusals()).isEmpty();
        assertThat(engine.audit().records(AuditQuery.all().type(AuditEventType.CONSOLE_LOGIN)))
                .singleElement().satisfies(r -> assertThat(r.event().message()).contains("read-only and auditor"));
    }

    @Test
    void anAdministratorIsNoAuditorAndAReadOnlyUserNeitherAndBothRefusalsAreAudited() {
        ConsoleIdentity alice = login("alice");
        ConsoleIdentity bob = login("bob");
        assertThat(alice.mayAdminister()).isTrue();
        assertThat(alice.mayAudit()).isFalse();
        assertThat(bob.mayAudit()).isFalse();

        assertThatThrownBy(() -> engine.traces().requireAuditor(alice, "trace session 7"))
                .isInstanceOf(PermissionDenied.class)
                .hasMessage("refused to trace session 7: alice is no auditor (member of cn=dba via cn=data-team); to"
                        + " trace session 7 one must be a member of console.auditorGroup");
        assertThatThrownBy(() -> engine.traces().requireAuditor(bob, "trace session 7"))
                .isInstanceOf(PermissionDenied.class)
                .hasMessageContaining("bob is no auditor");
        assertThat(refusals()).extracting(r -> r.event().actor()).containsExactly("alice", "bob");
        assertThat(refusals()).allSatisfy(r -> assertThat(r.event().message()).contains("trace session 7"));
    }

    @Test
    void aForgedAuditorFlagIsJudgedByTheEnginesOwnRecord() {
        ConsoleIdentity bob = login("bob");
        ConsoleIdentity forged = new ConsoleIdentity("bob", bob.dn(), "Bob", false, true, "says so", bob.token());
        ConsoleIdentity madeUp = new ConsoleIdentity("carol", TestDirectory.userDn("carol"), "Carol", false, true,
                "no login");
        assertThatThrownBy(() -> engine.traces().requireAuditor(forged, "trace session 1"))
                .isInstanceOf(PermissionDenied.class).hasMessageContaining("bob is no auditor");
        assertThatThrownBy(() -> engine.traces().requireAuditor(madeUp, "trace session 1"))
                .isInstanceOf(PermissionDenied.class).hasMessageContaining("not logged in");
        assertThat(refusals()).hasSize(2);
    }

    @Test
    void anAuditorTheDirectoryHasSinceRemovedIsRefusedAtTheNextLook() throws Exception {
        ConsoleIdentity alice = login("alice");
        proxy.directory().server().modify(SEC_TEAM, new Modification(ModificationType.ADD, "member",
                TestDirectory.userDn("alice")));
        assertThat(engine.traces().requireAuditor(alice, "trace session 3").mayAudit())
                .as("the directory's current word counts, not only the login's").isTrue();

        ConsoleIdentity carol = login("carol");
        proxy.directory().server().modify(SEC_TEAM, new Modification(ModificationType.DELETE, "member",
                TestDirectory.userDn("carol")));
        assertThatThrownBy(() -> engine.traces().requireAuditor(carol, "trace session 3"))
                .isInstanceOf(PermissionDenied.class).hasMessageContaining("carol may not use the console");
        assertThat(refusals()).singleElement().satisfies(r -> assertThat(r.event().actor()).isEqualTo("carol"));
    }
}
