package io.rolegate.console.directory;

import io.rolegate.engine.directory.AccountState;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.directory.GroupMembers;
import io.rolegate.engine.directory.LookupResult;
import io.rolegate.engine.directory.ResolvedGroup;
import io.rolegate.engine.api.model.Mapping;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UserReportTest {
    private static final String DBA = "cn=dba,ou=groups,dc=example,dc=org";
    private static final String TEAM = "cn=data-team,ou=groups,dc=example,dc=org";

    @Test
    void aFoundUserShowsEachGroupWithItsPathAndMappedRoles() {
        ResolvedGroup team = ResolvedGroup.direct(Dns.parse(TEAM), ResolvedGroup.How.MEMBER);
        DirectoryUser alice = new DirectoryUser(Dns.parse("uid=alice,ou=people,dc=example,dc=org"), "alice",
                Map.of("cn", List.of("Alice Martin")), AccountState.usable(),
                List.of(team, team.parent(Dns.parse(DBA))));
        UserReport report = UserReport.of(new LookupResult.Found(alice), List.of(new Mapping(DBA, Set.of("dba_role"))));
        assertThat(report.heading()).isEqualTo("Alice Martin · uid=alice,ou=people,dc=example,dc=org");
        assertThat(report.usable()).isTrue();
        assertThat(report.groups()).containsExactly("data-team", "dba via data-team → dba_role");
    }

    @Test
    void aLockedAccountSaysSoWithTheReason() {
        DirectoryUser erin = new DirectoryUser(Dns.parse("uid=erin,ou=people,dc=example,dc=org"), "erin", Map.of(),
                AccountState.unusable(AccountState.Status.LOCKED, "pwdAccountLockedTime is set",
                        Instant.parse("2026-01-02T03:04:05Z")), List.of());
        UserReport report = UserReport.of(new LookupResult.Found(erin), List.of());
        assertThat(report.usable()).isFalse();
        assertThat(report.account())
                .isEqualTo("Account locked: pwdAccountLockedTime is set (since 2026-01-02T03:04:05Z)");
    }

    @Test
    void noSuchUserAndAnUnavailableDirectoryAreSaidPlainly() {
        assertThat(UserReport.of(new AuthResult.NoSuchUser("zed", "no entry under ou=people"), List.of()).heading())
                .isEqualTo("No user \"zed\" in the directory");
        assertThat(UserReport.of(new AuthResult.DirectoryUnavailable("connection refused"), List.of()).account())
                .isEqualTo("connection refused");
    }

    @Test
    void memberLinesPutNestedGroupsFirstThenUsersThenPosixNames() {
        GroupMembers m = new GroupMembers(Dns.parse(DBA), List.of(Dns.parse("uid=erin,ou=people,dc=example,dc=org")),
                List.of(Dns.parse(TEAM)), List.of("kim"));
        assertThat(DirectoryViewModel.memberLines(m)).containsExactly(
                "group  data-team  (" + TEAM + ")",
                "user   erin  (uid=erin,ou=people,dc=example,dc=org)",
                "user   kim  (memberUid)");
    }
}
