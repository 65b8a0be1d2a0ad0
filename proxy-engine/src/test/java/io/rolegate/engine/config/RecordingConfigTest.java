package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.Dns;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** policies.record: read, decided per session from its groups and roles, and written back. */
class RecordingConfigTest {
    private static final String CONTRACTORS = "cn=Contractors, ou=groups,dc=example,dc=org";

    private static RolegateConfig load(String yaml) {
        return new ConfigLoader(name -> null).load(yaml, "test.yaml");
    }

    @Test
    void offByDefaultAndLeftOutOfExports() {
        RolegateConfig c = load("listen: {port: 7000}\n");
        assertThat(c.access().recording().isOff()).isTrue();
        assertThat(ConfigWriter.toYaml(c)).doesNotContain("record");
    }

    @Test
    void readsGroupsAndRolesAndWritesThemBack() {
        RolegateConfig c = load("policies:\n  record:\n    groups: [\"" + CONTRACTORS + "\"]\n"
                + "    roles: [payroll_rw]\n");
        RecordingConfig r = c.access().recording();
        assertThat(r.groups()).containsExactly(CONTRACTORS);
        assertThat(r.roles()).containsExactly("payroll_rw");

        assertThat(load(ConfigWriter.toYaml(c))).isEqualTo(c);
    }

    @Test
    void aGroupMatchesAsADnAndARoleByName() {
        RecordingConfig r = new RecordingConfig(List.of(CONTRACTORS), List.of("payroll_rw"));
        Set<String> inContractors = Set.of(Dns.normalize("CN=contractors,OU=Groups,DC=example,DC=org"));

        assertThat(r.reasonFor(inContractors, Set.of("app"))).contains("member of " + CONTRACTORS);
        assertThat(r.reasonFor(Set.of(), Set.of("app", "payroll_rw"))).contains("holds role payroll_rw");
        assertThat(r.reasonFor(Set.of(Dns.normalize("cn=dba,ou=groups,dc=example,dc=org")), Set.of("payroll")))
                .as("no prefix or substring match").isEqualTo(Optional.empty());
    }

    @Test
    void aRecordSectionNamingNoOneOrABadDnIsAProblemWithItsPath() {
        assertThatThrownBy(() -> load("policies:\n  record: {rolez: [x]}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p.message()).contains("names no one"))
                        .anySatisfy(p -> assertThat(p.message()).contains("rolez")));
        assertThatThrownBy(() -> load("policies:\n  record:\n    groups: [not-a-dn]\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p.path()).isEqualTo("policies.record.groups[0]")));
    }
}
