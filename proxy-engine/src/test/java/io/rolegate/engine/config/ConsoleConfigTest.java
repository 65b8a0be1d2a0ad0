package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console: section: which directory groups administer or look from the console. */
class ConsoleConfigTest {

    private static RolegateConfig load(String yaml) {
        return new ConfigLoader(name -> null).load(yaml, "test.yaml");
    }

    @Test
    void absentMeansNoConsoleGroups() {
        assertThat(load("listen: {port: 7000}\n").console()).isEqualTo(ConsoleConfig.none());
    }

    @Test
    void bothGroupsAreRead() {
        assertThat(load("console:\n  adminGroup: cn=dba,ou=groups,dc=example,dc=org\n"
                + "  readOnlyGroup: cn=support,ou=groups,dc=example,dc=org\n").console())
                .isEqualTo(new ConsoleConfig("cn=dba,ou=groups,dc=example,dc=org",
                        "cn=support,ou=groups,dc=example,dc=org"));
    }

    @Test
    void theAuditorGroupIsReadAndRoundTrips() {
        RolegateConfig c = load("console:\n  auditorGroup: cn=security,ou=groups,dc=example,dc=org\n");
        assertThat(c.console()).isEqualTo(new ConsoleConfig(null, null, "cn=security,ou=groups,dc=example,dc=org"));
        assertThat(c.console().anyGroup()).isTrue();
        assertThat(load(ConfigWriter.toYaml(c))).isEqualTo(c);
        assertThatThrownBy(() -> load("console:\n  auditorGroup: security\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p.path()).isEqualTo("console.auditorGroup")));
    }

    @Test
    void aGroupThatIsNoDnIsAProblemWithItsPath() {
        assertThatThrownBy(() -> load("console:\n  adminGroup: dba\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.path()).isEqualTo("console.adminGroup");
                    assertThat(p.message()).contains("is not a DN");
                }));
    }

    @Test
    void writerRoundTripsTheGroupsAndOmitsAnEmptySection() {
        RolegateConfig with = RolegateConfig.defaults()
                .withConsole(new ConsoleConfig("cn=dba,ou=groups,dc=example,dc=org", null));
        String yaml = ConfigWriter.toYaml(with);
        assertThat(yaml).contains("console:\n  adminGroup: cn=dba,ou=groups,dc=example,dc=org\n");
        assertThat(load(yaml)).isEqualTo(with);
        assertThat(ConfigWriter.toYaml(RolegateConfig.defaults())).doesNotContain("console");
    }
}
