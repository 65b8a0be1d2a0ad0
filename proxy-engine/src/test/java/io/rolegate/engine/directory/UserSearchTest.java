package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.testbed.TestDirectory;

import com.unboundid.ldap.sdk.Entry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Finding users for the console (issue 16 item 6) against a real LDAP server: by prefix and attribute, per unit,
 * and what a person types never widens the search (RFC 4515: it is a value, escaped, not filter text).
 */
class UserSearchTest {
    private static TestDirectory ldap;
    private static Directory directory;
    private static UserSearch users;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        // an entry whose name really starts with filter characters: found by exactly that text, nothing more
        Entry odd = new Entry("uid=star\\2a\\28x,ou=people," + TestDirectory.BASE);
        odd.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson");
        odd.addAttribute("uid", "star*(x");
        odd.addAttribute("cn", "Star");
        odd.addAttribute("sn", "Star");
        ldap.server().add(odd);
        directory = Directory.open(ldap.settings().build());
        users = directory.browser().users();
    }

    @AfterAll
    static void stop() {
        if (directory != null) {
            directory.close();
        }
        ldap.close();
    }

    private static List<String> names(List<UserSearch.UserSummary> found) {
        return found.stream().map(UserSearch.UserSummary::username).toList();
    }

    @Test
    void findsByTheStartOfTheLoginNameFullNameOrMail() throws Exception {
        assertThat(names(users.find("al", 50))).containsExactly("alice");
        assertThat(names(users.find("ALI", 50))).as("case does not matter").containsExactly("alice");
        assertThat(names(users.find("tw", 50))).as("both entries, in both units").containsExactly("twin", "twin");
        assertThat(users.find("alice@", 50)).singleElement().satisfies(u -> {
            assertThat(u.mail()).isEqualTo("alice@example.org");
            assertThat(u.name()).isEqualTo("Alice");
            assertThat(u.dn()).isEqualTo(Dns.parse(TestDirectory.userDn("alice")));
        });
        assertThat(users.find("lice", 50)).as("a prefix, not anywhere in the name").isEmpty();
    }

    @Test
    void findsByANamedAttribute() throws Exception {
        assertThat(names(users.find("mail=bob@", 50))).containsExactly("bob");
        assertThat(names(users.find(" uid = car ", 50))).containsExactly("carol");
        assertThat(users.find("mail=nobody", 50)).isEmpty();
    }

    @Test
    void typedTextNeverBecomesFilterSyntax() throws Exception {
        assertThat(users.find("*)(uid=*", 50)).as("an injection attempt finds nobody").isEmpty();
        assertThat(users.find("*", 50)).as("a star is a star, not \"anyone\"").isEmpty();
        assertThat(users.find("mail=*", 50)).isEmpty();
        assertThat(users.find("uid=*)(|(uid=*", 50)).isEmpty();
        assertThat(users.find("\\", 50)).isEmpty();
        assertThat(names(users.find("star*(", 50))).as("but the literal characters do match").containsExactly("star*(x");
        assertThat(users.match("*)(uid=*").toString()).as("escaped on the wire as RFC 4515 asks")
                .contains("\\2a\\29\\28uid=\\2a");
    }

    @Test
    void refusesAttributesThatDoNotDescribeAPerson() {
        assertThatThrownBy(() -> users.find("userPassword=a", 50)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be searched by userPassword").hasMessageContaining("mail");
        assertThatThrownBy(() -> users.find("  ", 50)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type the start of a name");
        assertThatThrownBy(() -> users.find("mail=", 50)).hasMessageContaining("after mail=");
    }

    @Test
    void listsUnitsAndTheUsersDirectlyInOne() throws Exception {
        assertThat(users.units()).containsExactly(Dns.parse("ou=contractors," + TestDirectory.PEOPLE),
                Dns.parse(TestDirectory.PEOPLE));
        assertThat(users.in(Dns.parse("ou=contractors," + TestDirectory.PEOPLE), 50)).singleElement()
                .satisfies(u -> assertThat(u.username()).isEqualTo("twin"));
        List<UserSearch.UserSummary> people = users.in(Dns.parse(TestDirectory.PEOPLE), 100);
        assertThat(names(people)).contains("alice", "bob", "twin").doesNotHaveDuplicates()
                .isSortedAccordingTo(String::compareTo);
        assertThat(users.in(Dns.parse(TestDirectory.PEOPLE), 2)).as("the limit holds").hasSize(2);
    }
}
