package io.rolegate.engine.access;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.directory.AccountState;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.directory.ResolvedGroup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Whom a directory change concerns, from the users' last resolved entries and groups. */
class MembershipIndexTest {
    private static final DN DATA_TEAM = Dns.parse("cn=data-team,ou=groups,dc=example,dc=org");
    private static final DN DBA = Dns.parse("cn=dba,ou=groups,dc=example,dc=org");
    private static final DN ANALYSTS = Dns.parse("cn=analysts,ou=groups,dc=example,dc=org");

    private static DirectoryUser user(String uid, ResolvedGroup... groups) {
        return new DirectoryUser(Dns.parse("uid=" + uid + ",ou=people,dc=example,dc=org"), uid, Map.of(),
                AccountState.usable(), List.of(groups));
    }

    @Test
    void aChangedGroupConcernsItsMembersDirectAndNested() {
        MembershipIndex index = new MembershipIndex();
        ResolvedGroup team = ResolvedGroup.direct(DATA_TEAM, ResolvedGroup.How.MEMBER_OF);
        index.record(user("alice", team, team.parent(DBA)));
        index.record(user("bob", ResolvedGroup.direct(ANALYSTS, ResolvedGroup.How.MEMBER)));
        index.record(user("carol"));

        assertThat(index.concerning(Set.of(DBA))).containsExactly("alice");
        assertThat(index.concerning(Set.of(Dns.parse("CN=Analysts, OU=Groups, DC=Example, DC=Org"))))
                .as("DNs compare as DNs").containsExactly("bob");
        assertThat(index.concerning(Set.of(DATA_TEAM, ANALYSTS))).containsExactly("alice", "bob");
        assertThat(index.concerning(Set.of(Dns.parse("uid=carol,ou=people,dc=example,dc=org"))))
                .as("a change to the user's own entry").containsExactly("carol");
        assertThat(index.concerning(Set.of())).isEmpty();
    }

    @Test
    void whoLostAMembershipFollowsFromTheGroupsMembersNow() {
        MembershipIndex index = new MembershipIndex();
        ResolvedGroup team = ResolvedGroup.direct(DATA_TEAM, ResolvedGroup.How.MEMBER_OF);
        index.record(user("alice", team, team.parent(DBA)));
        index.record(user("dave", team, team.parent(DBA)));
        index.record(user("bob", ResolvedGroup.direct(DBA, ResolvedGroup.How.MEMBER)));
        DN alice = Dns.parse("uid=alice,ou=people,dc=example,dc=org");
        DN bob = Dns.parse("uid=bob,ou=people,dc=example,dc=org");

        assertThat(index.losing(DATA_TEAM, Set.of(alice))).as("dave was taken out of data-team")
                .containsExactly("dave");
        assertThat(index.losing(DBA, Set.of(bob))).as("data-team was taken out of dba")
                .containsExactly("alice", "dave");
        assertThat(index.losing(DBA, Set.of(bob, DATA_TEAM))).isEmpty();
        assertThat(index.losing(DBA, Set.of())).as("dba deleted").containsExactly("alice", "bob", "dave");
    }

    @Test
    void theLatestResolutionWinsAndAForgottenUserIsNoLongerConcerned() {
        MembershipIndex index = new MembershipIndex();
        index.record(user("bob", ResolvedGroup.direct(ANALYSTS, ResolvedGroup.How.MEMBER)));
        index.record(user("bob", ResolvedGroup.direct(DBA, ResolvedGroup.How.MEMBER)));
        assertThat(index.concerning(Set.of(ANALYSTS))).isEmpty();
        assertThat(index.concerning(Set.of(DBA))).containsExactly("bob");
        index.forget("bob");
        assertThat(index.concerning(Set.of(DBA))).isEmpty();
    }
}
