package io.rolegate.engine.policy;

import io.rolegate.engine.api.model.Mapping;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.directory.AccountState;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.directory.ResolvedGroup;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyEngineTest {
    private static final String DBA = "cn=dba,ou=groups,dc=example,dc=org";
    private static final String DATA_TEAM = "cn=data-team,ou=groups,dc=example,dc=org";
    private static final String ANALYSTS = "cn=analysts,ou=groups,dc=example,dc=org";
    private static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");

    private static DN dn(String s) {
        return Dns.parse(s);
    }

    /** alice: directly in data-team and analysts, and in dba via data-team. */
    private static DirectoryUser alice() {
        ResolvedGroup dataTeam = ResolvedGroup.direct(dn(DATA_TEAM), ResolvedGroup.How.MEMBER);
        return user("alice", AccountState.usable(), List.of(dataTeam, dataTeam.parent(dn(DBA)),
                ResolvedGroup.direct(dn(ANALYSTS), ResolvedGroup.How.MEMBER)), Map.of("employeeType", List.of("staff")));
    }

    private static DirectoryUser user(String name, AccountState state, List<ResolvedGroup> groups,
                                      Map<String, List<String>> attributes) {
        return new DirectoryUser(dn("uid=" + name + ",ou=people,dc=example,dc=org"), name, attributes, state, groups);
    }

    private static RequestContext request(String database, String address, int liveSessions) throws Exception {
        return new RequestContext("alice", database, InetAddress.getByName(address), "psql", MONDAY_NOON,
                liveSessions);
    }

    private static RequestContext request() throws Exception {
        return request("app", "10.0.0.5", 0);
    }

    private static final List<Mapping> MAPPINGS = List.of(
            new Mapping(DBA, Set.of("dba_role")),
            new Mapping(ANALYSTS, Set.of("analyst_role", "reader")));

    private static Decision.Allow allowed(Decision d) {
        assertThat(d).isInstanceOf(Decision.Allow.class);
        return (Decision.Allow) d;
    }

    private static Decision.Deny denied(Decision d, DenyReason reason) {
        assertThat(d).isInstanceOf(Decision.Deny.class);
        Decision.Deny deny = (Decision.Deny) d;
        assertThat(deny.reason()).isEqualTo(reason);
        assertThat(deny.message()).startsWith("rolegate: ");
        assertThat(deny.explanation()).startsWith("denied: ");
        return deny;
    }

    @Test
    void unionOfRolesWithNestedPathInTheExplanation() throws Exception {
        Decision.Allow allow = allowed(PolicyEngine.decide(alice(), request(), MAPPINGS, PolicyRules.none()));
        assertThat(allow.roles()).containsExactly("analyst_role", "dba_role", "reader");
        assertThat(allow.explanation()).isEqualTo("allowed: member of cn=dba via cn=data-team → roles dba_role; "
                + "member of cn=analysts → roles analyst_role, reader");
        assertThat(allow.settings()).isEmpty();
    }

    @Test
    void groupDnsCompareIgnoringCaseAndSpacing() throws Exception {
        List<Mapping> shouting = List.of(new Mapping("CN=DBA, OU=Groups, DC=Example, DC=Org", Set.of("dba_role")));
        assertThat(allowed(PolicyEngine.decide(alice(), request(), shouting, PolicyRules.none())).roles())
                .containsExactly("dba_role");
    }

    @Test
    void noMappedRole() throws Exception {
        DirectoryUser dave = user("dave", AccountState.usable(), List.of(), Map.of());
        Decision.Deny deny = denied(PolicyEngine.decide(dave, request(), MAPPINGS, PolicyRules.none()),
                DenyReason.NO_MAPPED_ROLE);
        assertThat(deny.sqlState()).isEqualTo("28000");
        assertThat(deny.message()).isEqualTo("rolegate: user \"dave\" is in no directory group mapped to a Postgres role");
    }

    @Test
    void sourceNetworks() throws Exception {
        PolicyRules rules = PolicyRules.none().withAllowedSources(List.of(Cidr.parse("10.0.0.0/8"),
                Cidr.parse("2001:db8::/32")));
        assertThat(PolicyEngine.decide(alice(), request("app", "10.200.0.1", 0), MAPPINGS, rules))
                .isInstanceOf(Decision.Allow.class);
        assertThat(PolicyEngine.decide(alice(), request("app", "2001:db8::7", 0), MAPPINGS, rules))
                .isInstanceOf(Decision.Allow.class);
        Decision.Deny deny = denied(PolicyEngine.decide(alice(), request("app", "192.0.2.1", 0), MAPPINGS, rules),
                DenyReason.SOURCE_NOT_ALLOWED);
        assertThat(deny.sqlState()).isEqualTo("08004");
        assertThat(deny.message()).contains("192.0.2.1");
        assertThat(PolicyEngine.beforeAuthentication(request("app", "192.0.2.1", 0), rules)).isPresent();
        assertThat(PolicyEngine.beforeAuthentication(request("app", "10.0.0.1", 0), rules)).isEmpty();
    }

    @Test
    void unusableAccountIsDeniedEvenWithRoles() throws Exception {
        DirectoryUser locked = alice().withAccountState(AccountState.unusable(AccountState.Status.LOCKED,
                "account is locked (nsAccountLock=TRUE)", null));
        Decision.Deny deny = denied(PolicyEngine.decide(locked, request(), MAPPINGS, PolicyRules.none()),
                DenyReason.ACCOUNT_NOT_USABLE);
        assertThat(deny.sqlState()).isEqualTo("28000");
        assertThat(deny.message()).isEqualTo("rolegate: account \"alice\" may not log in: account is locked (nsAccountLock=TRUE)");
    }

    @Test
    void userAttributeFilter() throws Exception {
        PolicyRules staffOnly = PolicyRules.none().withUserFilter("(employeeType=staff)");
        assertThat(PolicyEngine.decide(alice(), request(), MAPPINGS, staffOnly)).isInstanceOf(Decision.Allow.class);
        DirectoryUser contractor = user("bob", AccountState.usable(), alice().groups(),
                Map.of("employeeType", List.of("contractor")));
        Decision.Deny deny = denied(PolicyEngine.decide(contractor, request(), MAPPINGS, staffOnly),
                DenyReason.USER_FILTER);
        assertThat(deny.message()).contains("(employeeType=staff)").contains("\"bob\"");
        PolicyRules unevaluable = PolicyRules.none().withUserFilter("(member:1.2.840.113556.1.4.1941:=cn=x)");
        denied(PolicyEngine.decide(alice(), request(), MAPPINGS, unevaluable), DenyReason.USER_FILTER);
    }

    @Test
    void timeWindow() throws Exception {
        TimeWindow weekendOnly = new TimeWindow(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(0, 0),
                LocalTime.of(0, 0), ZoneId.of("UTC"));
        Decision.Deny deny = denied(PolicyEngine.decide(alice(), request(), MAPPINGS,
                PolicyRules.none().withTimeWindow(weekendOnly)), DenyReason.OUTSIDE_TIME_WINDOW);
        assertThat(deny.message()).contains("Sat, Sun");
        TimeWindow weekdays = new TimeWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0),
                LocalTime.of(18, 0), ZoneId.of("UTC"));
        allowed(PolicyEngine.decide(alice(), request(), MAPPINGS, PolicyRules.none().withTimeWindow(weekdays)));
    }

    @Test
    void databaseAllowListDropsThatGroupsRolesOnly() throws Exception {
        PolicyRules rules = PolicyRules.none().withGroupRules(List.of(
                new GroupRule(ANALYSTS, Set.of("reporting"), Map.of())));
        Decision.Allow inApp = allowed(PolicyEngine.decide(alice(), request("app", "10.0.0.5", 0), MAPPINGS, rules));
        assertThat(inApp.roles()).containsExactly("dba_role");
        assertThat(inApp.explanation()).contains("not for database app: cn=analysts");
        Decision.Allow inReporting = allowed(PolicyEngine.decide(alice(), request("reporting", "10.0.0.5", 0),
                MAPPINGS, rules));
        assertThat(inReporting.roles()).containsExactly("analyst_role", "dba_role", "reader");
    }

    @Test
    void databaseNotAllowedForAnyGroup() throws Exception {
        PolicyRules rules = PolicyRules.none().withGroupRules(List.of(
                new GroupRule(ANALYSTS, Set.of("reporting", "sandbox"), Map.of()),
                new GroupRule(DBA, Set.of("ops"), Map.of())));
        Decision.Deny deny = denied(PolicyEngine.decide(alice(), request("payroll", "10.0.0.5", 0), MAPPINGS, rules),
                DenyReason.DATABASE_NOT_ALLOWED);
        assertThat(deny.sqlState()).isEqualTo("28000");
        assertThat(deny.message()).isEqualTo("rolegate: user \"alice\" may not connect to database \"payroll\"; "
                + "their groups allow only ops, reporting, sandbox");
    }

    @Test
    void sessionLimitBoundary() throws Exception {
        PolicyRules three = PolicyRules.none().withMaxSessionsPerUser(3);
        allowed(PolicyEngine.decide(alice(), request("app", "10.0.0.5", 2), MAPPINGS, three));
        Decision.Deny deny = denied(PolicyEngine.decide(alice(), request("app", "10.0.0.5", 3), MAPPINGS, three),
                DenyReason.TOO_MANY_SESSIONS);
        assertThat(deny.sqlState()).isEqualTo("53300");
        assertThat(deny.message()).contains("3 sessions").contains("limit is 3");
        allowed(PolicyEngine.decide(alice(), request("app", "10.0.0.5", 500), MAPPINGS, PolicyRules.none()));
    }

    @Test
    void sessionLimitDoesNotHideAMissingRole() throws Exception {
        DirectoryUser dave = user("dave", AccountState.usable(), List.of(), Map.of());
        denied(PolicyEngine.decide(dave, request("app", "10.0.0.5", 9), MAPPINGS,
                PolicyRules.none().withMaxSessionsPerUser(1)), DenyReason.NO_MAPPED_ROLE);
    }

    @Test
    void settingsMergeFirstRuleWinsAndConflictsAreExplained() throws Exception {
        Map<String, String> analystSettings = new LinkedHashMap<>();
        analystSettings.put("default_transaction_read_only", "on");
        analystSettings.put("statement_timeout", "5s");
        PolicyRules rules = PolicyRules.none().withGroupRules(List.of(
                new GroupRule(ANALYSTS, Set.of(), analystSettings),
                new GroupRule(DBA, Set.of(), Map.of("Statement_Timeout", "1min", "work_mem", "64MB")),
                new GroupRule("cn=other,ou=groups,dc=example,dc=org", Set.of(), Map.of("search_path", "x"))));
        Decision.Allow allow = allowed(PolicyEngine.decide(alice(), request(), MAPPINGS, rules));
        assertThat(allow.settings()).containsExactly(Map.entry("default_transaction_read_only", "on"),
                Map.entry("statement_timeout", "5s"), Map.entry("work_mem", "64MB"));
        assertThat(allow.explanation()).contains("statement_timeout=1min from cn=dba ignored: cn=analysts comes first");
    }

    @Test
    void settingsAreTheSameWhateverTheDirectoryOrder() throws Exception {
        PolicyRules rules = PolicyRules.none().withGroupRules(List.of(
                new GroupRule(DBA, Set.of(), Map.of("statement_timeout", "1min")),
                new GroupRule(ANALYSTS, Set.of(), Map.of("statement_timeout", "5s"))));
        List<ResolvedGroup> backwards = new ArrayList<>(alice().groups());
        java.util.Collections.reverse(backwards);
        DirectoryUser reversed = user("alice", AccountState.usable(), backwards, alice().attributes());
        Decision.Allow a = allowed(PolicyEngine.decide(alice(), request(), MAPPINGS, rules));
        Decision.Allow b = allowed(PolicyEngine.decide(reversed, request(), MAPPINGS, rules));
        assertThat(a.settings()).isEqualTo(b.settings()).containsEntry("statement_timeout", "1min");
        assertThat(a.roles()).isEqualTo(b.roles());
    }

    @Test
    void settingsOfAGroupWhoseDatabaseIsExcludedDoNotApply() throws Exception {
        PolicyRules rules = PolicyRules.none().withGroupRules(List.of(
                new GroupRule(ANALYSTS, Set.of("reporting"), Map.of("default_transaction_read_only", "on"))));
        assertThat(allowed(PolicyEngine.decide(alice(), request("app", "10.0.0.5", 0), MAPPINGS, rules)).settings())
                .isEmpty();
        assertThat(allowed(PolicyEngine.decide(alice(), request("reporting", "10.0.0.5", 0), MAPPINGS, rules))
                .settings()).containsEntry("default_transaction_read_only", "on");
    }

    @Test
    void checksRunInOrder() throws Exception {
        // Wrong network and locked: the network decides, since it is checked before any directory work.
        DirectoryUser locked = alice().withAccountState(AccountState.unusable(AccountState.Status.DISABLED, "off", null));
        PolicyRules rules = PolicyRules.none().withAllowedSources(List.of(Cidr.parse("10.0.0.0/8")));
        denied(PolicyEngine.decide(locked, request("app", "192.0.2.1", 0), MAPPINGS, rules),
                DenyReason.SOURCE_NOT_ALLOWED);
        denied(PolicyEngine.decide(locked, request("app", "10.0.0.1", 0), MAPPINGS, rules),
                DenyReason.ACCOUNT_NOT_USABLE);
    }
}
