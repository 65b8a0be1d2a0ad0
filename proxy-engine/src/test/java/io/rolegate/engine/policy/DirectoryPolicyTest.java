package io.rolegate.engine.policy;

import io.rolegate.engine.api.model.Mapping;

import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.Directory;
import io.rolegate.engine.testbed.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** From a real bind to a decision: what the session code will do, minus the wire. */
class DirectoryPolicyTest {
    private static TestDirectory ldap;
    private static Directory directory;
    private static final List<Mapping> MAPPINGS = List.of(
            new Mapping(TestDirectory.groupDn("dba"), Set.of("dba_role")),
            new Mapping(TestDirectory.groupDn("readers"), Set.of("reader")));
    private static final PolicyRules RULES = PolicyRules.none().withGroupRules(List.of(
            new GroupRule(TestDirectory.groupDn("readers"), Set.of(), Map.of("default_transaction_read_only", "on"))));

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        directory = Directory.open(ldap.settings().build());
    }

    @AfterAll
    static void stop() {
        if (directory != null) {
            directory.close();
        }
        ldap.close();
    }

    private static Decision login(String user, String password) throws Exception {
        AuthResult result = directory.authenticate(user, password.toCharArray());
        var refusal = AuthDenials.of(result);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        RequestContext request = new RequestContext(user, "app", InetAddress.getLoopbackAddress(), "psql",
                Instant.now(), 0);
        return PolicyEngine.decide(((AuthResult.Authenticated) result).user(), request, MAPPINGS, RULES);
    }

    @Test
    void nestedMemberGetsTheMappedRoleWithItsPath() throws Exception {
        Decision d = login("alice", TestDirectory.password("alice"));
        assertThat(d).isInstanceOf(Decision.Allow.class);
        assertThat(((Decision.Allow) d).roles()).containsExactly("dba_role");
        assertThat(d.explanation()).isEqualTo("allowed: member of cn=dba via cn=data-team → roles dba_role");
    }

    @Test
    void memberOfUserGetsReadOnlySettings() throws Exception {
        Decision.Allow ivan = (Decision.Allow) login("ivan", TestDirectory.password("ivan"));
        assertThat(ivan.roles()).containsExactly("reader");
        assertThat(ivan.settings()).containsEntry("default_transaction_read_only", "on");
        assertThat(ivan.explanation()).contains("member of cn=readers via cn=analysts → roles reader");
    }

    @Test
    void everyRefusalHasItsSqlState() throws Exception {
        assertThat(((Decision.Deny) login("dave", TestDirectory.password("dave"))).message())
                .isEqualTo("rolegate: user \"dave\" is in no directory group mapped to a Postgres role");
        assertThat(((Decision.Deny) login("alice", "wrong")).sqlState()).isEqualTo("28P01");
        assertThat(((Decision.Deny) login("erin", TestDirectory.password("erin"))).sqlState()).isEqualTo("28000");
    }
}
