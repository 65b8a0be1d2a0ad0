package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigException;

import io.rolegate.engine.policy.PolicyRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The {@code mappings:} and {@code policies:} sections, and every problem with its line. */
class AccessConfigTest {
    @TempDir
    Path dir;

    private RolegateConfig load(String yaml) {
        return new ConfigLoader(name -> null).load(yaml, "test.yaml", dir);
    }

    private List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
        assertThat(e).as("expected problems in:%n%s", yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void absentMeansNoMappingsAndNoPolicies() {
        assertThat(load("").access()).isEqualTo(AccessConfig.none());
        assertThat(load("mappings:\npolicies:\n").access()).isEqualTo(AccessConfig.none());
    }

    @Test
    void readsMappingsAndEveryPolicy() {
        AccessConfig a = load("""
                mappings:
                  - group: cn=dba,ou=groups,dc=example,dc=org
                    roles: [dba_role, Reporting]
                policies:
                  timeWindow: {days: [Saturday, SUN], from: "22:00", to: "06:00", zone: UTC}
                  groups:
                    - group: cn=ops,dc=example,dc=org
                      databases: [app]
                """).access();
        assertThat(a.mappings()).singleElement().satisfies(m -> assertThat(m.roles())
                .containsExactlyInAnyOrder("dba_role", "Reporting"));
        PolicyRules p = a.policies();
        assertThat(p.timeWindow()).hasValueSatisfying(w -> {
            assertThat(w.days()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(w.from()).isEqualTo(LocalTime.of(22, 0));
        });
        assertThat(p.maxSessionsPerUser()).isZero();
        assertThat(p.groupRules()).singleElement().satisfies(g -> assertThat(g.databases()).containsExactly("app"));
    }

    @Test
    void mappingProblems() {
        assertThat(problems("""
                mappings:
                  - group: not a dn
                    roles: [ok_role]
                  - group: cn=a,dc=example,dc=org
                    roles: [good, pg_read_all_data, ""]
                  - group: cn=b,dc=example,dc=org
                  - roles: [x]
                  - just text
                """)).containsExactly(
                "line 2: mappings[0].group: \"not a dn\" is not a DN (e.g. cn=dba,ou=groups,dc=example,dc=org)",
                "line 5: mappings[1].roles[1]: role name \"pg_read_all_data\" uses the reserved prefix pg_",
                "line 5: mappings[1].roles[2]: a role name is empty",
                "line 6: mappings[2].roles: a mapping needs at least one role, e.g. roles: [dba_role]",
                "line 7: mappings[3].group: is required: the group's DN, e.g. cn=dba,ou=groups,dc=example,dc=org",
                "line 8: mappings[4]: expected a section, got \"just text\"");
    }

    @Test
    void sourceUserFilterAndSessionProblems() {
        assertThat(problems("""
                policies:
                  allowedSources:
                    - 10.0.0.0/8
                    - db.example.org
                    - 10.0.0.0/33
                  userFilter: department=engineering)
                  maxSessionsPerUser: -1
                """)).containsExactly(
                "line 4: policies.allowedSources[1]: \"db.example.org\" is not an IP address or network such as "
                        + "10.0.0.0/8 or ::1/128",
                "line 5: policies.allowedSources[2]: \"10.0.0.0/33\" is not an IP address or network such as "
                        + "10.0.0.0/8 or ::1/128",
                "line 6: policies.userFilter: \"department=engineering)\" is not an LDAP filter: "
                        + problemsTail("department=engineering)"),
                "line 7: policies.maxSessionsPerUser: must be between 0 and 100000, got \"-1\"");
    }

    private static String problemsTail(String filter) {
        return ValueChecks.filter(filter).orElseThrow().substring(("\"" + filter + "\" is not an LDAP filter: ").length());
    }

    @Test
    void timeWindowProblems() {
        assertThat(problems("""
                policies:
                  timeWindow:
                    days: [mon, funday]
                    from: "7 o'clock"
                    to: "25:00"
                    zone: Mars/Olympus
                """)).containsExactly(
                "line 3: policies.timeWindow.days[1]: \"funday\" is not a day; write mon, tue, wed, thu, fri, sat or sun",
                "line 4: policies.timeWindow.from: expected a time of day such as \"07:00\" (24-hour, quoted), got "
                        + "\"7 o'clock\"",
                "line 5: policies.timeWindow.to: expected a time of day such as \"07:00\" (24-hour, quoted), got \"25:00\"",
                "line 6: policies.timeWindow.zone: \"Mars/Olympus\" is not a time zone; write a region such as "
                        + "Europe/Paris, or UTC");
        assertThat(problems("policies:\n  timeWindow: {days: []}\n")).containsExactly(
                "line 2: policies.timeWindow.days: needs at least one day, e.g. [mon, tue, wed, thu, fri]",
                "line 2: policies.timeWindow.from: is required: a time of day such as \"07:00\"",
                "line 2: policies.timeWindow.to: is required: a time of day such as \"07:00\"",
                "line 2: policies.timeWindow.zone: is required: a time zone such as Europe/Paris or UTC");
    }

    @Test
    void groupRuleProblems() {
        assertThat(problems("""
                policies:
                  groups:
                    - group: cn=a,dc=example,dc=org
                      settings:
                        statement_timeout: 30s
                        Work_Mem: 64MB
                        "search_path; drop": x
                        lock_timeout:
                    - group: cn=b,dc=example,dc=org
                    - databases: [""]
                """)).containsExactly(
                "line 6: policies.groups[0].settings.Work_Mem: \"Work_Mem\" is not a PostgreSQL setting name "
                        + "(lower-case letters, digits, dots and underscores, e.g. statement_timeout)",
                "line 7: policies.groups[0].settings.search_path; drop: \"search_path; drop\" is not a PostgreSQL "
                        + "setting name (lower-case letters, digits, dots and underscores, e.g. statement_timeout)",
                "line 8: policies.groups[0].settings.lock_timeout: needs a value, e.g. statement_timeout: 30s",
                "line 9: policies.groups[1].group: a group rule needs databases: [..] or settings: {..} (or both)",
                "line 10: policies.groups[2].group: is required: the group's DN, e.g. cn=dba,ou=groups,dc=example,dc=org",
                "line 10: policies.groups[2].databases[0]: must not be empty");
    }
}
