package io.rolegate.engine.api;

import io.rolegate.engine.api.model.AccountStatus;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.DirectoryGroupMembers;
import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.api.model.UserLookup;
import io.rolegate.engine.directory.AccountState;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.directory.GroupMembers;
import io.rolegate.engine.directory.GroupSummary;
import io.rolegate.engine.directory.LookupResult;
import io.rolegate.engine.directory.ResolvedGroup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryValuesTest {
    private static final String DBA = "cn=dba,ou=groups,dc=example,dc=org";
    private static final String TEAM = "cn=data-team,ou=groups,dc=example,dc=org";
    private static final String ALICE = "uid=alice,ou=people,dc=example,dc=org";

    @Test
    void aFoundUserKeepsDnsAccountStateAndEachGroupsPath() {
        ResolvedGroup team = ResolvedGroup.direct(Dns.parse(TEAM), ResolvedGroup.How.MEMBER);
        DirectoryUser alice = new DirectoryUser(Dns.parse(ALICE), "alice", Map.of("cn", List.of("Alice Martin")),
                AccountState.unusable(AccountState.Status.LOCKED, "pwdAccountLockedTime is set",
                        Instant.parse("2026-01-02T03:04:05Z")), List.of(team, team.parent(Dns.parse(DBA))));
        UserLookup.Found found = (UserLookup.Found) DirectoryValues.lookup(new LookupResult.Found(alice));
        assertThat(found.dn()).isEqualTo(ALICE);
        assertThat(found.username()).isEqualTo("alice");
        assertThat(found.attributes().get("CN")).containsExactly("Alice Martin");
        assertThat(found.status()).isEqualTo(AccountStatus.LOCKED);
        assertThat(found.usable()).isFalse();
        assertThat(found.reason()).isEqualTo("pwdAccountLockedTime is set");
        assertThat(found.since()).contains(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(found.groups()).containsExactly(
                new UserLookup.Membership(TEAM, List.of(TEAM), "cn=data-team"),
                new UserLookup.Membership(DBA, List.of(DBA, TEAM), "cn=dba via cn=data-team"));
    }

    @Test
    void noSuchUserAndAnUnavailableDirectoryKeepTheirWords() {
        assertThat(DirectoryValues.lookup(new AuthResult.NoSuchUser("zed", "no entry")))
                .isEqualTo(new UserLookup.NoSuchUser("zed", "no entry"));
        assertThat(DirectoryValues.lookup(new AuthResult.DirectoryUnavailable("connection refused")))
                .isEqualTo(new UserLookup.DirectoryUnavailable("connection refused"));
    }

    @Test
    void groupsAndMembersCarryDnsAsTheDirectoryWroteThem() {
        assertThat(DirectoryValues.group(new GroupSummary(Dns.parse("CN=DBA, ou=groups,dc=example,dc=org"), "DBA",
                "admins", 2))).isEqualTo(new DirectoryGroup("CN=DBA, ou=groups,dc=example,dc=org", "DBA", "admins", 2));
        assertThat(DirectoryValues.members(new GroupMembers(Dns.parse(DBA), List.of(Dns.parse(ALICE)),
                List.of(Dns.parse(TEAM)), List.of("kim"))))
                .isEqualTo(new DirectoryGroupMembers(DBA, List.of(ALICE), List.of(TEAM), List.of("kim")));
    }

    @Test
    void dnHelpersCompareAndTakeApartDnsAsTheSdkDoes() {
        assertThat(Dns.same("CN=DBA, ou=Groups,dc=example,dc=org", DBA)).isTrue();
        assertThat(Dns.same(TEAM, DBA)).isFalse();
        assertThat(Dns.normalize("CN=DBA, ou=Groups,dc=example,dc=org")).isEqualTo(Dns.normalize(DBA));
        assertThat(Dns.rdn(TEAM)).isEqualTo("cn=data-team");
        assertThat(Dns.firstValue("cn=a\\,b,ou=groups,dc=example,dc=org")).isEqualTo("a,b");
        assertThat(Dns.parent(DBA)).isEqualTo("ou=groups,dc=example,dc=org");
        assertThat(Dns.parent("dc=org")).isNull();
        assertThat(Dns.isValid(DBA)).isTrue();
        assertThat(Dns.isValid("not a dn")).isFalse();
        assertThat(Optional.ofNullable(Dns.parent(""))).isEmpty();
    }
}
