package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.testbed.TestDirectory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.rolegate.engine.directory.ResolvedGroup.How.MEMBER;
import static io.rolegate.engine.directory.ResolvedGroup.How.MEMBER_OF;
import static io.rolegate.engine.directory.ResolvedGroup.How.MEMBER_UID;
import static io.rolegate.engine.directory.ResolvedGroup.How.UNIQUE_MEMBER;
import static io.rolegate.engine.testbed.TestDirectory.groupDn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Group resolution against the fixture's member, uniqueMember, memberUid, memberOf, nesting and cycles. */
class DirectoryGroupsTest {
    private static TestDirectory ldap;
    private static Directory directory;

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

    private static List<ResolvedGroup> groupsOf(String uid) {
        LookupResult result = directory.lookup(uid);
        assertThat(result).as(uid).isInstanceOf(LookupResult.Found.class);
        return ((LookupResult.Found) result).user().groups();
    }

    @Test
    void nestedGroupRecordsItsPath() {
        ResolvedGroup dba = groupsOf("alice").stream().filter(g -> !g.isDirect()).findFirst().orElseThrow();
        assertThat(dba.dn()).isEqualTo(Dns.parse(groupDn("dba")));
        assertThat(dba.path()).containsExactly(Dns.parse(groupDn("dba")), Dns.parse(groupDn("data-team")));
        assertThat(dba.how()).isEqualTo(MEMBER);
        assertThat(dba.explain()).isEqualTo("cn=dba via cn=data-team");
    }

    @Test
    void memberAndUniqueMemberAndTheirParents() {
        assertThat(groupsOf("bob")).extracting(ResolvedGroup::explain, ResolvedGroup::how).containsExactly(
                tuple("cn=analysts", MEMBER), tuple("cn=reporting", UNIQUE_MEMBER),
                tuple("cn=readers via cn=analysts", MEMBER));
    }

    @Test
    void posixGroupByMemberUid() {
        assertThat(groupsOf("carol")).extracting(ResolvedGroup::explain, ResolvedGroup::how)
                .containsExactly(tuple("cn=developers", MEMBER_UID));
    }

    @Test
    void memberOfIsTrustedWhenPresent() {
        // ivan is in no member list; only his memberOf says analysts.
        assertThat(groupsOf("ivan")).extracting(ResolvedGroup::explain, ResolvedGroup::how).containsExactly(
                tuple("cn=analysts", MEMBER_OF), tuple("cn=readers via cn=analysts", MEMBER_OF));
    }

    @Test
    void memberUidIsSearchedEvenWithMemberOf() {
        assertThat(groupsOf("kim")).extracting(ResolvedGroup::explain, ResolvedGroup::how).containsExactly(
                tuple("cn=analysts", MEMBER_OF), tuple("cn=developers", MEMBER_UID),
                tuple("cn=readers via cn=analysts", MEMBER_OF));
    }

    /** OpenLDAP's memberof overlay updates a member's memberOf after the group write a watcher reports. */
    @Test
    void aJustWrittenGroupsMemberListOverridesAStaleMemberOf() {
        // ivan's memberOf still says analysts, whose member list (just written) does not name him.
        assertThat(groupsOf("ivan", groupDn("analysts"))).isEmpty();
        // kim likewise; developers has no DN-valued members, so memberUid (not memberOf) is all it can tell.
        assertThat(groupsOf("kim", groupDn("analysts"), groupDn("developers")))
                .extracting(ResolvedGroup::explain, ResolvedGroup::how)
                .containsExactly(tuple("cn=developers", MEMBER_UID));
        // a written group that does not list ivan and was never in his memberOf changes nothing
        assertThat(groupsOf("ivan", groupDn("reporting"))).extracting(ResolvedGroup::explain)
                .containsExactly("cn=analysts", "cn=readers via cn=analysts");
    }

    @Test
    void aJustWrittenGroupThatListsTheUserCountsBeforeMemberOfDoes() throws Exception {
        Modification ivan = new Modification(ModificationType.ADD, "member", TestDirectory.userDn("ivan"));
        ldap.server().modify(groupDn("data-team"), ivan);
        try {
            assertThat(groupsOf("ivan", groupDn("data-team"))).extracting(ResolvedGroup::explain).containsExactly(
                    "cn=analysts", "cn=data-team", "cn=readers via cn=analysts", "cn=dba via cn=data-team");
            assertThat(groupsOf("ivan")).as("without the hint memberOf alone decides")
                    .extracting(ResolvedGroup::explain).containsExactly("cn=analysts", "cn=readers via cn=analysts");
        } finally {
            ldap.server().modify(groupDn("data-team"), new Modification(ModificationType.DELETE, "member",
                    TestDirectory.userDn("ivan")));
        }
    }

    @Test
    void aJustDeletedGroupNoLongerCounts() throws Exception {
        String gone = "cn=gone," + TestDirectory.GROUPS; // memberof-refint has not yet removed it from ivan
        ldap.server().modify(TestDirectory.userDn("ivan"), new Modification(ModificationType.ADD, "memberOf", gone));
        try {
            assertThat(groupsOf("ivan")).extracting(ResolvedGroup::explain).contains("cn=gone");
            assertThat(groupsOf("ivan", gone)).extracting(ResolvedGroup::explain)
                    .containsExactly("cn=analysts", "cn=readers via cn=analysts");
        } finally {
            ldap.server().modify(TestDirectory.userDn("ivan"), new Modification(ModificationType.DELETE, "memberOf",
                    gone));
        }
    }

    private static List<ResolvedGroup> groupsOf(String uid, String... changedGroups) {
        LookupResult result = directory.lookup(uid, java.util.Arrays.stream(changedGroups).map(Dns::parse)
                .collect(java.util.stream.Collectors.toSet()));
        assertThat(result).as(uid).isInstanceOf(LookupResult.Found.class);
        return ((LookupResult.Found) result).user().groups();
    }

    @Test
    void userInNoGroup() {
        assertThat(groupsOf("dave")).isEmpty();
    }

    @Test
    void cycleEndsAndEveryGroupAppearsOnce() {
        assertThat(groupsOf("judy")).extracting(ResolvedGroup::explain).containsExactly(
                "cn=cycle-a", "cn=cycle-b via cn=cycle-a", "cn=cycle-top via cn=cycle-b via cn=cycle-a");
    }

    @Test
    void nestingStopsAtMaxDepth() {
        try (Directory shallow = Directory.open(ldap.settings().maxNestingDepth(2).build())) {
            List<ResolvedGroup> groups = ((LookupResult.Found) shallow.lookup("mallory")).user().groups();
            assertThat(groups).extracting(g -> g.dn().getRDNString())
                    .containsExactly("cn=level1", "cn=level2", "cn=level3");
        }
        assertThat(groupsOf("mallory")).hasSize(4);
    }

    @Test
    void groupDnsCompareIgnoringCaseAndSpacing() {
        DirectoryUser alice = ((LookupResult.Found) directory.lookup("alice")).user();
        DN shouted = Dns.parse("CN=DBA, OU=Groups, DC=Example, DC=Org");
        assertThat(alice.group(shouted)).isPresent();
    }
}
