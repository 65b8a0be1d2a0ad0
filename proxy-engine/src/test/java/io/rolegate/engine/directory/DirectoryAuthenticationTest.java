package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.testbed.TestDirectory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.rolegate.engine.testbed.TestDirectory.password;
import static org.assertj.core.api.Assertions.assertThat;

/** Logins against a real (in-memory) LDAP server over TCP. */
class DirectoryAuthenticationTest {
    private static TestDirectory ldap;
    private static Directory searchThenBind;
    private static Directory dnTemplate;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
        searchThenBind = Directory.open(ldap.settings().build());
        dnTemplate = Directory.open(ldap.settings().userDnTemplate("uid={user}," + TestDirectory.PEOPLE).build());
    }

    @AfterAll
    static void stop() {
        if (searchThenBind != null) {
            searchThenBind.close();
        }
        if (dnTemplate != null) {
            dnTemplate.close();
        }
        ldap.close();
    }

    private static AuthResult login(Directory directory, String user, String password) {
        return directory.authenticate(user, password.toCharArray());
    }

    @Test
    void searchThenBindWithTheRightPassword() {
        AuthResult result = login(searchThenBind, "alice", password("alice"));
        assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
        DirectoryUser alice = ((AuthResult.Authenticated) result).user();
        assertThat(alice.dn()).isEqualTo(Dns.parse(TestDirectory.userDn("alice")));
        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.accountState().isUsable()).isTrue();
        assertThat(alice.attributes().get("MAIL")).containsExactly("alice@example.org");
        assertThat(alice.groups()).extracting(ResolvedGroup::explain).containsExactly("cn=data-team", "cn=dba via cn=data-team");
    }

    @Test
    void passwordMaterialNeverReachesTheUser() {
        DirectoryUser alice = ((AuthResult.Authenticated) login(searchThenBind, "alice", password("alice"))).user();
        assertThat(alice.attributes()).doesNotContainKey("userPassword");
        assertThat(alice.toString()).doesNotContain(password("alice"));
    }

    @Test
    void dnTemplateBind() {
        AuthResult result = login(dnTemplate, "alice", password("alice"));
        assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
        assertThat(((AuthResult.Authenticated) result).user().groups()).hasSize(2);
    }

    @Test
    void dnTemplateWithoutServiceAccountReadsAsTheUser() throws Exception {
        // Anonymous reads are refused, and there is no service account: only the user's own bind can read.
        try (TestDirectory closed = TestDirectory.start(java.net.InetAddress.getLoopbackAddress(),
                c -> c.setAuthenticationRequiredOperationTypes(com.unboundid.ldap.sdk.OperationType.SEARCH));
             Directory anonymous = Directory.open(closed.settings().bind(null, null)
                     .userDnTemplate("uid={user}," + TestDirectory.PEOPLE).build())) {
            AuthResult alice = login(anonymous, "alice", password("alice"));
            assertThat(alice).isInstanceOf(AuthResult.Authenticated.class);
            assertThat(((AuthResult.Authenticated) alice).user().groups()).extracting(ResolvedGroup::explain)
                    .containsExactly("cn=data-team", "cn=dba via cn=data-team");
            assertThat(login(anonymous, "alice", "nope")).isInstanceOf(AuthResult.NoSuchUser.class);
            assertThat(login(anonymous, "erin", password("erin"))).isInstanceOf(AuthResult.AccountNotUsable.class);
        }
    }

    @Test
    void wrongPassword() {
        assertThat(login(searchThenBind, "alice", "nope")).isEqualTo(new AuthResult.InvalidCredentials("alice"));
        assertThat(login(dnTemplate, "alice", "nope")).isEqualTo(new AuthResult.InvalidCredentials("alice"));
    }

    @Test
    void emptyPasswordIsNotAnAnonymousBind() {
        assertThat(login(searchThenBind, "alice", "")).isInstanceOf(AuthResult.InvalidCredentials.class);
        assertThat(dnTemplate.authenticate("alice", null)).isInstanceOf(AuthResult.InvalidCredentials.class);
    }

    @Test
    void unknownUser() {
        assertThat(login(searchThenBind, "zoe", "whatever")).isInstanceOf(AuthResult.NoSuchUser.class);
        assertThat(login(dnTemplate, "zoe", "whatever")).isInstanceOf(AuthResult.NoSuchUser.class);
        assertThat(login(searchThenBind, "", "whatever")).isInstanceOf(AuthResult.NoSuchUser.class);
    }

    @Test
    void filterInjectionFindsNothing() {
        // Spliced into the filter as text, each of these would select exactly alice's entry, and her password
        // would then log the attacker in under a name of their choosing.
        for (String name : new String[]{"*)(mail=alice@example.org", "al*", "*)(|(uid=alice)", "alic?"}) {
            assertThat(login(searchThenBind, name, password("alice"))).as(name)
                    .isInstanceOf(AuthResult.NoSuchUser.class);
        }
        assertThat(login(searchThenBind, "*)(uid=*", password("alice"))).isInstanceOf(AuthResult.NoSuchUser.class);
        assertThat(searchThenBind.lookup("ali*")).isInstanceOf(AuthResult.NoSuchUser.class);
    }

    @Test
    void dnInjectionCannotLeaveTheTemplateSubtree() {
        // As text this would be the service account's DN; as an RDN value it is one odd uid under ou=people.
        String evil = "x,ou=people,dc=example,dc=org";
        assertThat(login(dnTemplate, evil, "service-pw")).isInstanceOf(AuthResult.NoSuchUser.class);
        assertThat(DnTemplate.compile("uid={user},ou=people,dc=example,dc=org").apply("a,cn=b").getRDNs())
                .hasSize(4);
    }

    @Test
    void ambiguousNameIsRefused() {
        AuthResult result = login(searchThenBind, "twin", password("twin"));
        assertThat(result).isInstanceOf(AuthResult.NoSuchUser.class);
        assertThat(((AuthResult.NoSuchUser) result).detail()).contains("several entries");
    }

    @Test
    void lockedDisabledExpiredAccountsAreNotUsable() {
        assertNotUsable("erin", AccountState.Status.LOCKED, "pwdAccountLockedTime");
        assertNotUsable("frank", AccountState.Status.DISABLED, "userAccountControl");
        assertNotUsable("grace", AccountState.Status.EXPIRED, "accountExpires");
        assertNotUsable("heidi", AccountState.Status.LOCKED, "nsAccountLock");
    }

    @Test
    void aRefusedBindNeverRevealsTheAccountState() {
        // Whoever does not know the password learns nothing about the account: not that it exists, not that it is
        // locked. (A server that says the password was right — AD's 533/701/775 sub-codes — is another matter.)
        assertThat(login(searchThenBind, "erin", "nope")).isInstanceOf(AuthResult.InvalidCredentials.class);
        assertThat(login(searchThenBind, "dave", "nope")).isInstanceOf(AuthResult.InvalidCredentials.class);
    }

    @Test
    void denyFilterRefusesMatchingAccounts() {
        try (Directory strict = Directory.open(ldap.settings().denyFilter("(employeeType=contractor)").build())) {
            AuthResult bob = login(strict, "bob", password("bob"));
            assertThat(bob).isInstanceOf(AuthResult.AccountNotUsable.class);
            assertThat(((AuthResult.AccountNotUsable) bob).state().status())
                    .isEqualTo(AccountState.Status.DENIED_BY_FILTER);
            assertThat(login(strict, "alice", password("alice"))).isInstanceOf(AuthResult.Authenticated.class);
        }
    }

    @Test
    void lookupReturnsUnusableAccountsWithTheirState() {
        LookupResult erin = searchThenBind.lookup("erin");
        assertThat(erin).isInstanceOf(LookupResult.Found.class);
        assertThat(((LookupResult.Found) erin).user().accountState().status()).isEqualTo(AccountState.Status.LOCKED);
        assertThat(searchThenBind.lookup("zoe")).isInstanceOf(AuthResult.NoSuchUser.class);
    }

    private static void assertNotUsable(String uid, AccountState.Status status, String because) {
        AuthResult result = login(searchThenBind, uid, password(uid));
        assertThat(result).as(uid).isInstanceOf(AuthResult.AccountNotUsable.class);
        AuthResult.AccountNotUsable refused = (AuthResult.AccountNotUsable) result;
        assertThat(refused.state().status()).as(uid).isEqualTo(status);
        assertThat(refused.reason()).as(uid).contains(because);
    }
}
