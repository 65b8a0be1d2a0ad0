package io.rolegate.engine.directory;

import io.rolegate.engine.testbed.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.rolegate.engine.directory.ResolvedGroup.How.MEMBER_OF;
import static io.rolegate.engine.directory.ResolvedGroup.How.MEMBER_OF_TRANSITIVE;
import static io.rolegate.engine.testbed.TestDirectory.groupDn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code directory.groupResolution: memberof-transitive} against the in-memory server, whose schema carries the
 * attribute (Active Directory constructs it; here it is stored). The value names cn=analysts, which no member list
 * connects to the user, so finding it proves the attribute was read and the walk was not.
 */
class MemberOfTransitiveTest {
    private static TestDirectory ldap;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        ldap.server().add("dn: uid=tess,ou=people,dc=example,dc=org", "objectClass: inetOrgPerson",
                "objectClass: rolegateTestAccount", "uid: tess", "cn: Tess", "sn: Tess", "userPassword: tess-pw",
                "memberOf: " + groupDn("data-team"),
                "msds-memberOfTransitive: " + groupDn("data-team"),
                "msds-memberOfTransitive: " + groupDn("dba"),
                "msds-memberOfTransitive: " + groupDn("analysts"),
                "msds-memberOfTransitive: cn=elsewhere,ou=other,dc=example,dc=org");
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    private static List<ResolvedGroup> groupsOf(String uid, GroupResolution resolution) {
        try (Directory directory = Directory.open(ldap.settings().groupResolution(resolution).build())) {
            LookupResult result = directory.lookup(uid);
            assertThat(result).as(uid).isInstanceOf(LookupResult.Found.class);
            return ((LookupResult.Found) result).user().groups();
        }
    }

    @Test
    void theServersExpansionIsUsedWithMemberOfMarkingTheDirectGroups() {
        assertThat(groupsOf("tess", GroupResolution.MEMBEROF_TRANSITIVE))
                .extracting(ResolvedGroup::explain, ResolvedGroup::how)
                .containsExactlyInAnyOrder(tuple("cn=data-team", MEMBER_OF), tuple("cn=dba", MEMBER_OF_TRANSITIVE),
                        tuple("cn=analysts", MEMBER_OF_TRANSITIVE));
    }

    @Test
    void theLoginAnswerCarriesTheSameGroups() {
        try (Directory directory = Directory.open(ldap.settings()
                .groupResolution(GroupResolution.MEMBEROF_TRANSITIVE).build())) {
            var ok = (AuthResult.Authenticated) directory.authenticate("tess", "tess-pw".toCharArray());
            assertThat(ok.user().groups()).extracting(g -> g.dn().getRDNString())
                    .containsExactlyInAnyOrder("cn=data-team", "cn=dba", "cn=analysts");
        }
    }

    @Test
    void theWalkOnTheSameEntryFindsOnlyWhatTheMemberListsSay() {
        assertThat(groupsOf("tess", GroupResolution.WALK)).extracting(ResolvedGroup::explain)
                .containsExactly("cn=data-team", "cn=dba via cn=data-team");
    }

    @Test
    void aUserWithoutTheAttributeIsInNoGroup() {
        assertThat(groupsOf("carol", GroupResolution.MEMBEROF_TRANSITIVE)).isEmpty();
    }

    @Test
    void autoMeansInChainOnActiveDirectoryAndTheWalkElsewhere() {
        assertThat(GroupResolution.AUTO.effective(DirectoryFlavour.ACTIVE_DIRECTORY))
                .isEqualTo(GroupResolution.IN_CHAIN);
        assertThat(GroupResolution.AUTO.effective(DirectoryFlavour.OPENLDAP)).isEqualTo(GroupResolution.WALK);
        assertThat(GroupResolution.MEMBEROF_TRANSITIVE.effective(DirectoryFlavour.GENERIC))
                .isEqualTo(GroupResolution.MEMBEROF_TRANSITIVE);
    }
}
