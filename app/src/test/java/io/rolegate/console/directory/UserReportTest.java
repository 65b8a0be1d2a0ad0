package io.rolegate.console.directory;

import io.rolegate.engine.api.model.AccountStatus;
import io.rolegate.engine.api.model.DirectoryGroupMembers;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.UserLookup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UserReportTest {
    private static final String DBA = "cn=dba,ou=groups,dc=example,dc=org";
    private static final String TEAM = "cn=data-team,ou=groups,dc=example,dc=org";

    @Test
    void aFoundUserShowsEachGroupWithItsPathAndMappedRoles() {
        // as the engine hands it over: data-team directly, dba through data-team
        UserLookup alice = new UserLookup.Found("uid=alice,ou=people,dc=example,dc=org", "alice",
                Map.of("cn", List.of("Alice Martin")), AccountStatus.USABLE, "", Optional.empty(),
                List.of(new UserLookup.Membership(TEAM, List.of(TEAM), "cn=data-team"),
                        new UserLookup.Membership(DBA, List.of(DBA, TEAM), "cn=dba via cn=data-team")));
        UserReport report = UserReport.of(alice, List.of(new Mapping(DBA, Set.of("dba_role"))));
        assertThat(report.heading()).isEqualTo("Alice Martin · uid=alice,ou=people,dc=example,dc=org");
        assertThat(report.usable()).isTrue();
        assertThat(report.groups()).containsExactly("data-team", "dba via data-team → dba_role");
    }

    @Test
    void aLockedAccountSaysSoWithTheReason() {
        UserLookup erin = new UserLookup.Found("uid=erin,ou=people,dc=example,dc=org", "erin", Map.of(),
                AccountStatus.LOCKED, "pwdAccountLockedTime is set",
                Optional.of(Instant.parse("2026-01-02T03:04:05Z")), List.of());
        UserReport report = UserReport.of(erin, List.of());
        assertThat(report.usable()).isFalse();
        assertThat(report.account())
                .isEqualTo("Account locked: pwdAccountLockedTime is set (since 2026-01-02T03:04:05Z)");
    }

    @Test
    void noSuchUserAndAnUnavailableDirectoryAreSaidPlainly() {
        assertThat(UserReport.of(new UserLookup.NoSuchUser("zed", "no entry under ou=people"), List.of()).heading())
                .isEqualTo("No user matches \"zed\"");
        assertThat(UserReport.of(new UserLookup.NoSuchUser("zed", "no entry under ou=people matches (uid=zed)"),
                List.of()).account()).as("no raw LDAP filter").doesNotContain("(uid=");
        assertThat(UserReport.of(new UserLookup.DirectoryUnavailable("connection refused"), List.of()).account())
                .isEqualTo("connection refused");
    }

    @Test
    void memberLinesPutNestedGroupsFirstThenUsersThenPosixNames() {
        DirectoryGroupMembers m = new DirectoryGroupMembers(DBA, List.of("uid=erin,ou=people,dc=example,dc=org"),
                List.of(TEAM), List.of("kim"));
        assertThat(DirectoryViewModel.memberLines(m)).containsExactly(
                "group  data-team  (" + TEAM + ")",
                "user   erin  (uid=erin,ou=people,dc=example,dc=org)",
                "user   kim  (memberUid)");
    }
}
