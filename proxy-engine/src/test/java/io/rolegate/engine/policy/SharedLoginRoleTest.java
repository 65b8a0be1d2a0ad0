package io.rolegate.engine.policy;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.api.model.Mapping;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pure half of issue 13 item 3: a user without a session is decided on directory facts only, and a login
 * whose roles differ from a live session's (database-scoped groups) is refused.
 */
class SharedLoginRoleTest {
    private static final String DBA = "cn=dba,ou=groups,dc=example,dc=org";
    private static final String DATA_TEAM = "cn=data-team,ou=groups,dc=example,dc=org";
    private static final Instant SATURDAY = Instant.parse("2026-03-07T12:00:00Z");
    private static final List<Mapping> MAPPINGS = List.of(new Mapping(DBA, Set.of("dba_role")),
            new Mapping(DATA_TEAM, Set.of("analyst_role")));
    private static final PolicyRules REPORTING_ONLY = PolicyRules.none().withGroupRules(List.of(
            new GroupRule(DATA_TEAM, Set.of("reporting"), Map.of())));

    private static DN dn(String s) {
        return Dns.parse(s);
    }

    /** alice: in data-team, and in dba through it. */
    private static DirectoryUser alice() {
        ResolvedGroup dataTeam = ResolvedGroup.direct(dn(DATA_TEAM), ResolvedGroup.How.MEMBER);
        return new DirectoryUser(dn("uid=alice,ou=people,dc=example,dc=org"), "alice", Map.of(),
                AccountState.usable(), List.of(dataTeam, dataTeam.parent(dn(DBA))));
    }

    private static RequestContext on(String database, String address) throws Exception {
        return new RequestContext("alice", database, InetAddress.getByName(address), "psql", SATURDAY, 0);
    }

    @Test
    void aUserWithoutASessionIsNeverRefusedForASourceOrATime() {
        TimeWindow weekdays = new TimeWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0),
                LocalTime.of(18, 0), ZoneId.of("UTC"));
        PolicyRules rules = PolicyRules.none().withAllowedSources(List.of(Cidr.parse("::1/128")))
                .withTimeWindow(weekdays).withMaxSessionsPerUser(1);
        Decision d = PolicyEngine.decideOnDirectoryFacts(alice(), SATURDAY, MAPPINGS, rules);
        assertThat(d).isInstanceOfSatisfying(Decision.Allow.class,
                a -> assertThat(a.roles()).containsExactly("analyst_role", "dba_role"));
    }

    @Test
    void directoryFactsStillRefuseAnAccountThatCannotLogIn() {
        DirectoryUser locked = new DirectoryUser(alice().dn(), "alice", Map.of(),
                AccountState.unusable(AccountState.Status.LOCKED, "locked", null), alice().groups());
        assertThat(PolicyEngine.decideOnDirectoryFacts(locked, SATURDAY, MAPPINGS, PolicyRules.none()))
                .isInstanceOfSatisfying(Decision.Deny.class,
                        d -> assertThat(d.reason()).isEqualTo(DenyReason.ACCOUNT_NOT_USABLE));
    }

    @Test
    void aLoginToReportingIsRefusedWhileASessionOnAnotherDatabaseLives() throws Exception {
        var refused = SharedLoginRole.conflict(alice(), on("reporting", "::1"), Set.of("analyst_role", "dba_role"),
                List.of(on("appdb", "::1")), MAPPINGS, REPORTING_ONLY);
        assertThat(refused).hasValueSatisfying(d -> {
            assertThat(d.reason()).isEqualTo(DenyReason.ROLES_DIFFER_FROM_OTHER_SESSION);
            assertThat(d.sqlState()).isEqualTo("28000");
            assertThat(d.message()).contains("\"appdb\"").contains("analyst_role").contains("\"reporting\"");
        });
    }

    @Test
    void sessionsEntitledToTheSameRolesShareTheLoginRole() throws Exception {
        assertThat(SharedLoginRole.conflict(alice(), on("reporting", "::1"), Set.of("analyst_role", "dba_role"),
                List.of(on("reporting", "10.0.0.5")), MAPPINGS, REPORTING_ONLY)).isEmpty();
        assertThat(SharedLoginRole.conflict(alice(), on("appdb", "::1"), Set.of("analyst_role", "dba_role"),
                List.of(on("postgres", "::1")), MAPPINGS, PolicyRules.none())).as("no scoped group").isEmpty();
    }

    @Test
    void aSessionThatWouldBeRefusedAnywayIsLeftToTheReevaluation() throws Exception {
        PolicyRules onlyLoopback = REPORTING_ONLY.withAllowedSources(List.of(Cidr.parse("::1/128")));
        assertThat(SharedLoginRole.conflict(alice(), on("reporting", "::1"), Set.of("analyst_role", "dba_role"),
                List.of(on("appdb", "10.0.0.5")), MAPPINGS, onlyLoopback)).isEmpty();
    }
}
