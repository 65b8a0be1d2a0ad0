package io.rolegate.engine.demo;

import com.unboundid.ldap.sdk.CompareRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.rolegate.engine.api.DemoEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16 item 10: the running demo's directory, over TCP, hands {@code userPassword} to no one, refuses anonymous
 * reads, and still serves the service account and the demo's logins through the proxy.
 */
class DemoDirectoryPasswordsTest {
    static DemoEnvironment demo;
    static LDAPURL url;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoEnvironment.start();
        url = new LDAPURL(demo.directory().url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    private static LDAPConnection connect() throws LDAPException {
        return new LDAPConnection(url.getHost(), url.getPort());
    }

    @Test
    void anAnonymousClientCannotSearchNorCompare() throws LDAPException {
        try (LDAPConnection anonymous = connect()) {
            assertThatThrownBy(() -> anonymous.search(DemoDirectory.PEOPLE, SearchScope.SUB, "(uid=alice)", "*",
                    "userPassword"))
                    .isInstanceOfSatisfying(LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
            String alice = "uid=alice," + DemoDirectory.PEOPLE;
            assertThatThrownBy(() -> anonymous.compare(new CompareRequest(alice, "userPassword",
                    demo.directory().password("alice"))))
                    .isInstanceOf(LDAPException.class);
        }
    }

    @Test
    void theServiceAccountReadsEntriesButNoPasswords() throws LDAPException {
        try (LDAPConnection service = connect()) {
            service.bind(DemoDirectory.SERVICE_DN, demo.directory().servicePassword());
            SearchResult people = service.search(DemoDirectory.BASE, SearchScope.SUB, "(objectClass=*)", "*",
                    "+", "userPassword");
            assertThat(people.getEntryCount()).isGreaterThan(DemoDirectory.USERS.size());
            assertThat(people.getSearchEntries()).extracting(SearchResultEntry::getDN)
                    .contains("uid=carol," + DemoDirectory.PEOPLE);
            for (SearchResultEntry e : people.getSearchEntries()) {
                assertThat(e.hasAttribute("userPassword")).as(e.getDN()).isFalse();
            }
            assertThatThrownBy(() -> service.compare(new CompareRequest(DemoDirectory.SERVICE_DN, "userPassword",
                    demo.directory().servicePassword())))
                    .isInstanceOfSatisfying(LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
        }
    }

    @Test
    void aBoundUserSeesNoOnesPassword() throws LDAPException {
        try (LDAPConnection bob = connect()) {
            bob.bind("uid=bob," + DemoDirectory.PEOPLE, demo.directory().password("bob"));
            SearchResult alice = bob.search(DemoDirectory.PEOPLE, SearchScope.SUB, "(uid=alice)", "userPassword");
            assertThat(alice.getEntryCount()).isEqualTo(1);
            assertThat(alice.getSearchEntries().get(0).hasAttribute("userPassword")).isFalse();
        }
    }

    @Test
    void aDemoLoginThroughTheProxyStillWorks() throws Exception {
        DemoEnvironment.DemoLogin carol = demo.logins().get(2);
        assertThat(carol.user()).isEqualTo("carol");
        InetSocketAddress at = demo.engine().listenAddress();
        Properties p = new Properties();
        p.setProperty("user", carol.user());
        p.setProperty("password", carol.password());
        p.setProperty("sslmode", "require");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + at.getHostString() + ":" + at.getPort()
                + "/" + DemoEnvironment.DATABASE, p);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNotBlank();
        }
    }
}
