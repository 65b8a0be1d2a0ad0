package io.rolegate.console.mapping;

import io.rolegate.engine.api.model.RoleChange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DryRunTest {
    private static final MappingEdit EDIT = MappingEdit.unmap("cn=analysts,ou=groups,dc=example,dc=org",
            "analyst_role");

    @Test
    void eachUserGetsWhatTheyGainAndLoseAndTheSqlIsListedPerUser() {
        DryRun run = DryRun.of(EDIT, List.of(
                new RoleChange("bob", "bob", Set.of("analyst_role", "readonly_role"), Set.of("readonly_role"), false,
                        List.of("REVOKE \"analyst_role\" FROM \"bob\"")),
                new RoleChange("ivan", "ivan", Set.of("analyst_role"), Set.of(), true,
                        List.of("ALTER ROLE \"ivan\" NOLOGIN", "REVOKE \"analyst_role\" FROM \"ivan\";"))));
        assertThat(run.rows()).containsExactly(
                new DryRun.Row("bob", "—", "analyst_role", ""),
                new DryRun.Row("ivan", "—", "analyst_role",
                        "loses all access: live sessions end (57P01), login role set NOLOGIN"));
        assertThat(run.sql()).containsExactly("-- bob", "REVOKE \"analyst_role\" FROM \"bob\";",
                "-- ivan", "ALTER ROLE \"ivan\" NOLOGIN;", "REVOKE \"analyst_role\" FROM \"ivan\";");
        assertThat(run.summary()).isEqualTo("2 users' access changes:");
    }

    @Test
    void gainsOfSeveralRolesAreListedInOrder() {
        DryRun run = DryRun.of(EDIT.inverse(), List.of(new RoleChange("dave", "dave", Set.of(),
                Set.of("readonly_role", "analyst_role"), false, List.of())));
        assertThat(run.rows()).containsExactly(new DryRun.Row("dave", "analyst_role, readonly_role", "—", ""));
        assertThat(run.sql()).isEmpty();
    }

    @Test
    void anEditThatChangesNobodySaysSo() {
        assertThat(DryRun.of(EDIT, List.of()).summary()).startsWith("Nobody's access changes now");
    }
}
