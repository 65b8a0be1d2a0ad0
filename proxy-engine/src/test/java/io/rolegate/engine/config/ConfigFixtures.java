package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigException;

import io.rolegate.engine.directory.DirectoryFlavour;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.policy.Cidr;
import io.rolegate.engine.policy.GroupRule;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.policy.PolicyRules;
import io.rolegate.engine.policy.TimeWindow;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The directory-mode configuration from the issue, as YAML and as records, with recognisable secrets. */
final class ConfigFixtures {
    static final String LDAP_SECRET = "ldap-S3cret-value";
    static final String ADMIN_SECRET = "admin-S3cret-value";
    static final Map<String, String> ENV = Map.of(
            "ROLEGATE_LDAP_PASSWORD", LDAP_SECRET, "ROLEGATE_ADMIN_PASSWORD", ADMIN_SECRET);

    /** Line numbers matter: tests point at them. */
    static final String DIRECTORY_YAML = """
            listen:
              allowCleartextOnLoopback: true
            upstream:
              admin: {user: rolegate_admin, password: "${ROLEGATE_ADMIN_PASSWORD}", database: postgres}
            auth:
              mode: directory
            directory:
              urls: [ldaps://dc1.example.org, ldaps://dc2.example.org]
              startTls: false
              bindDn: cn=rolegate,ou=service,dc=example,dc=org
              bindPassword: ${ROLEGATE_LDAP_PASSWORD}
              userBase: ou=people,dc=example,dc=org
              userFilter: (&(objectClass=person)(uid={user}))
              userDnTemplate: uid={user},ou=people,dc=example,dc=org
              usernameAttribute: uid
              groupBase: ou=groups,dc=example,dc=org
              groupFilter: (objectClass=groupOfNames)
              flavour: openldap
              cacheTtl: 60s
              negativeCacheTtl: 10s
              connectTimeout: 5s
              responseTimeout: 10s
              maxNestingDepth: 10
              denyFilter: (employeeType=suspended)
              poolSize: 8
            mappings:
              - group: cn=dba,ou=groups,dc=example,dc=org
                roles: [dba_role]
            policies:
              allowedSources: [10.0.0.0/8, "::1/128"]
              timeWindow: {days: [mon, tue, wed, thu, fri], from: "07:00", to: "20:00", zone: Europe/Paris}
              userFilter: (department=engineering)
              maxSessionsPerUser: 20
              groups:
                - group: cn=analysts,ou=groups,dc=example,dc=org
                  databases: [reporting]
                  settings: {default_transaction_read_only: "on", statement_timeout: 30s}
            """;

    private ConfigFixtures() {
    }

    static DirectorySettings directory() {
        return DirectorySettings.builder(DirectoryFlavour.OPENLDAP)
                .urls("ldaps://dc1.example.org", "ldaps://dc2.example.org")
                .bind("cn=rolegate,ou=service,dc=example,dc=org", Secret.of(LDAP_SECRET))
                .userBase("ou=people,dc=example,dc=org")
                .userFilter("(&(objectClass=person)(uid={user}))")
                .userDnTemplate("uid={user},ou=people,dc=example,dc=org")
                .usernameAttribute("uid")
                .groupBase("ou=groups,dc=example,dc=org")
                .groupFilter("(objectClass=groupOfNames)")
                .cacheTtl(Duration.ofSeconds(60)).negativeCacheTtl(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(10))
                .maxNestingDepth(10).denyFilter("(employeeType=suspended)").poolSize(8)
                .build();
    }

    static AccessConfig access() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("default_transaction_read_only", "on");
        settings.put("statement_timeout", "30s");
        PolicyRules rules = new PolicyRules(
                List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128")),
                Optional.of(new TimeWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                        LocalTime.of(7, 0), LocalTime.of(20, 0), ZoneId.of("Europe/Paris"))),
                "(department=engineering)", 20,
                List.of(new GroupRule("cn=analysts,ou=groups,dc=example,dc=org", Set.of("reporting"), settings)));
        return new AccessConfig(List.of(new Mapping("cn=dba,ou=groups,dc=example,dc=org", Set.of("dba_role"))),
                rules);
    }

    static RolegateConfig config() {
        return RolegateConfig.defaults()
                .withListen(new ListenConfig("127.0.0.1", 6432, ListenTlsConfig.defaults(), true))
                .withUpstream(UpstreamConfig.defaults().withAdmin(
                        new UpstreamAdminConfig("rolegate_admin", Secret.of(ADMIN_SECRET), "postgres")))
                .withAuth(new AuthConfig(AuthMode.DIRECTORY))
                .withDirectory(directory())
                .withAccess(access());
    }

    /** Loads {@code yaml} with {@link #ENV}, relative paths from {@code dir}. */
    static RolegateConfig load(String yaml, java.nio.file.Path dir) {
        return new ConfigLoader(ENV::get).load(yaml, "test.yaml", dir);
    }

    /** The problems loading {@code yaml} reports, each as "line N: key: message"; fails when it loads. */
    static List<String> problems(String yaml, java.nio.file.Path dir) {
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> load(yaml, dir));
        org.assertj.core.api.Assertions.assertThat(e).as("expected problems in:%n%s", yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
