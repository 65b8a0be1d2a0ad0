package io.rolegate.console.mapping;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.console.login.ConsoleUser;
import io.rolegate.engine.api.model.UpstreamRole;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DropRulesTest {
    private static final ConsoleUser ADMIN = ConsoleUser.of(new ConsoleIdentity("alice", "uid=alice,ou=people,dc=example,dc=org", "Alice", true, "member of cn=dba"));
    private static final ConsoleUser READER = ConsoleUser.of(new ConsoleIdentity("carol", "uid=carol,ou=people,dc=example,dc=org", "Carol", false, "member of cn=readers"));
    private static final String INTERNS = "cn=interns,ou=groups,dc=example,dc=org";
    private static final UpstreamRole ANALYST = new UpstreamRole("analyst_role", false, false,
            List.of("cn=analysts,ou=groups,dc=example,dc=org"));

    @Test
    void anAdministratorMayDropAGroupOnAGroupRole() {
        assertThat(DropRules.refusal(ADMIN, INTERNS, ANALYST)).isEmpty();
    }

    @Test
    void aReadOnlyUserMayNot() {
        assertThat(DropRules.refusal(READER, INTERNS, ANALYST))
                .hasValue("carol is logged in read-only and cannot change mappings");
    }

    @Test
    void managedAndLoginRolesAreNoTargets() {
        assertThat(DropRules.refusal(ADMIN, INTERNS, new UpstreamRole("bob", true, true, List.of())))
                .hasValueSatisfying(r -> assertThat(r).contains("per-user login role that Rolegate manages"));
        assertThat(DropRules.refusal(ADMIN, INTERNS, new UpstreamRole("postgres", true, false, List.of())))
                .hasValueSatisfying(r -> assertThat(r).contains("postgres can log in by itself"));
    }

    @Test
    void aGroupAlreadyMappedThereIsRefusedWhateverTheDnSpelling() {
        assertThat(DropRules.refusal(ADMIN, "CN=Analysts, ou=groups,dc=example,dc=org", ANALYST))
                .hasValue("that group is already mapped to analyst_role");
    }

    @Test
    void somethingThatIsNoDnIsNoGroup() {
        assertThat(DropRules.refusal(ADMIN, "just text", ANALYST)).hasValue("\"just text\" is not a directory group");
    }
}
