package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Dns;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The nesting walk on its own, and the path rebuilding for Active Directory's in-chain answer. */
class GroupGraphTest {
    private static final DN BASE = Dns.parse("ou=groups,dc=corp");

    private static DN g(String cn) {
        return Dns.parse("cn=" + cn + ",ou=groups,dc=corp");
    }

    @Test
    void shortestPathWinsInADiamond() throws Exception {
        // a -> b -> d and a -> c -> d; plus a direct membership in d: d must be recorded as direct.
        Map<DN, Set<DN>> parents = Map.of(g("a"), Set.of(g("b")), g("b"), Set.of(g("d")), g("d"), Set.of());
        List<ResolvedGroup> groups = GroupGraph.walk(List.of(
                ResolvedGroup.direct(g("a"), ResolvedGroup.How.MEMBER),
                ResolvedGroup.direct(g("d"), ResolvedGroup.How.MEMBER)),
                dn -> parents.getOrDefault(dn, Set.of()), 10);
        assertThat(groups).extracting(ResolvedGroup::explain).containsExactly("cn=a", "cn=d", "cn=b via cn=a");
    }

    @Test
    void selfMembershipDoesNotLoop() throws Exception {
        List<ResolvedGroup> groups = GroupGraph.walk(List.of(ResolvedGroup.direct(g("a"), ResolvedGroup.How.MEMBER)),
                dn -> Set.of(dn), 10);
        assertThat(groups).hasSize(1);
    }

    @Test
    void depthZeroMeansDirectOnly() throws Exception {
        List<ResolvedGroup> groups = GroupGraph.walk(List.of(ResolvedGroup.direct(g("a"), ResolvedGroup.How.MEMBER)),
                dn -> Set.of(g("b")), 0);
        assertThat(groups).extracting(ResolvedGroup::explain).containsExactly("cn=a");
    }

    @Test
    void activeDirectoryPathsFromMemberOf() throws Exception {
        Entry user = new Entry("cn=Alice,cn=Users,dc=corp");
        user.addAttribute("memberOf", g("data-team").toString(), "CN=Outside,OU=Elsewhere,DC=corp");
        Map<DN, Set<DN>> chain = Map.of(
                g("data-team"), Set.of(g("dba")),
                g("dba"), Set.of(g("all-admins"), Dns.parse("cn=not-in-chain,ou=groups,dc=corp")),
                g("all-admins"), Set.of(),
                g("orphan"), Set.of());
        List<ResolvedGroup> groups = GroupResolver.activeDirectoryPaths(user, chain, 10, BASE,
                ResolvedGroup.How.IN_CHAIN);
        assertThat(groups).extracting(ResolvedGroup::explain, ResolvedGroup::how).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cn=data-team", ResolvedGroup.How.MEMBER_OF),
                org.assertj.core.groups.Tuple.tuple("cn=dba via cn=data-team", ResolvedGroup.How.MEMBER_OF),
                org.assertj.core.groups.Tuple.tuple("cn=all-admins via cn=dba via cn=data-team",
                        ResolvedGroup.How.MEMBER_OF),
                org.assertj.core.groups.Tuple.tuple("cn=orphan", ResolvedGroup.How.IN_CHAIN));
    }
}
