package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.testbed.TestDirectory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static io.rolegate.engine.testbed.TestDirectory.groupDn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's view of the directory, against a server that refuses to return more than 10 entries at once. */
class DirectoryBrowserTest {
    private static final int SERVER_SIZE_LIMIT = 10;
    private static TestDirectory ldap;
    private static Directory directory;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), c -> c.setMaxSizeLimit(SERVER_SIZE_LIMIT));
        for (int i = 0; i < 25; i++) {
            Entry bulk = new Entry(groupDn(String.format("bulk-%02d", i)));
            bulk.addAttribute("objectClass", "top", "groupOfNames");
            bulk.addAttribute("member", TestDirectory.userDn("dave"));
            ldap.server().add(bulk);
        }
        directory = Directory.open(ldap.settings().build());
    }

    @AfterAll
    static void stop() {
        if (directory != null) {
            directory.close();
        }
        ldap.close();
    }

    @Test
    void theServerReallyLimitsAnUnpagedSearch() throws LDAPException {
        // Guards the test below: without paging these 38 groups cannot be read in one go.
        try (var connection = ldap.server().getConnection()) {
            assertThatThrownBy(() -> connection.search(TestDirectory.GROUPS, SearchScope.SUB, "(objectClass=*)"))
                    .isInstanceOfSatisfying(LDAPSearchException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED));
        }
    }

    @Test
    void listsEveryGroupPageByPage() throws Exception {
        List<GroupSummary> groups = directory.browser(7).listGroups("", 1000);
        assertThat(groups).hasSize(25 + 13);
        assertThat(groups).extracting(GroupSummary::name).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    }

    @Test
    void listingStopsAtTheLimit() throws Exception {
        assertThat(directory.browser(4).listGroups("bulk", 9)).hasSize(9);
    }

    @Test
    void listingByNameAndMemberCounts() throws Exception {
        List<GroupSummary> cycle = directory.browser().listGroups("cycle", 100);
        assertThat(cycle).extracting(GroupSummary::name, GroupSummary::memberCount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cycle-a", 2), org.assertj.core.groups.Tuple.tuple("cycle-b", 1),
                org.assertj.core.groups.Tuple.tuple("cycle-top", 1));
        assertThat(directory.browser().listGroups("developers", 10).get(0).memberCount()).isEqualTo(2);
        assertThat(directory.browser().listGroups("*", 10)).isEmpty();
    }

    @Test
    void membersSplitUsersFromNestedGroups() throws Exception {
        GroupMembers a = directory.browser().members(Dns.parse(groupDn("cycle-a")));
        assertThat(a.users()).containsExactly(Dns.parse(TestDirectory.userDn("judy")));
        assertThat(a.groups()).containsExactly(Dns.parse(groupDn("cycle-b")));
        GroupMembers developers = directory.browser().members(Dns.parse(groupDn("developers")));
        assertThat(developers.memberUids()).containsExactly("carol", "kim");
        assertThat(directory.browser().members(Dns.parse(groupDn("nope"))).users()).isEmpty();
    }

    @Test
    void nestingBothWays() throws Exception {
        DirectoryBrowser browser = directory.browser();
        assertThat(browser.parents(Dns.parse(groupDn("data-team")))).containsExactly(Dns.parse(groupDn("dba")));
        assertThat(browser.children(Dns.parse(groupDn("dba")))).containsExactly(Dns.parse(groupDn("data-team")));
        assertThat(browser.parents(Dns.parse(groupDn("cycle-b"))))
                .containsExactlyInAnyOrder(Dns.parse(groupDn("cycle-a")), Dns.parse(groupDn("cycle-top")));
        assertThat(browser.parents(Dns.parse(groupDn("dba")))).isEmpty();
    }

    @Test
    void userLookupShowsPathsAndState() {
        DirectoryUser alice = ((LookupResult.Found) directory.browser().user("alice")).user();
        assertThat(alice.groups()).extracting(ResolvedGroup::explain).contains("cn=dba via cn=data-team");
        assertThat(alice.accountState().isUsable()).isTrue();
    }

    @Test
    void unavailableDirectoryIsReported() throws Exception {
        String down = "ldap://127.0.0.1:" + TestDirectory.closedPort();
        try (Directory gone = Directory.open(ldap.settings().urls(down).build())) {
            assertThatThrownBy(() -> gone.browser().listGroups("", 10))
                    .isInstanceOf(DirectoryUnavailableException.class).hasMessageContaining("cannot list groups");
        }
    }
}
