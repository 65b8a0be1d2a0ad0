package io.rolegate.console.mapping;

import io.rolegate.engine.api.model.Mapping;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MappingEditTest {
    private static final String DBA = "cn=dba,ou=groups,dc=example,dc=org";
    private static final String INTERNS = "cn=interns,ou=groups,dc=example,dc=org";
    private static final List<Mapping> NOW = List.of(new Mapping(DBA, Set.of("dba_role")));

    @Test
    void mappingANewGroupAddsAMappingAndLeavesTheOthers() {
        assertThat(MappingEdit.map(INTERNS, "analyst_role").applyTo(NOW)).containsExactly(
                new Mapping(DBA, Set.of("dba_role")), new Mapping(INTERNS, Set.of("analyst_role")));
    }

    @Test
    void mappingAMappedGroupAddsTheRoleToItsMappingComparingDnsAsDns() {
        assertThat(MappingEdit.map("CN=DBA, OU=groups,dc=example,dc=org", "analyst_role").applyTo(NOW))
                .containsExactly(new Mapping(DBA, Set.of("dba_role", "analyst_role")));
    }

    @Test
    void unmappingTheLastRoleDropsTheMapping() {
        assertThat(MappingEdit.unmap(DBA, "dba_role").applyTo(NOW)).isEmpty();
        List<Mapping> two = List.of(new Mapping(DBA, Set.of("dba_role", "analyst_role")));
        assertThat(MappingEdit.unmap(DBA, "analyst_role").applyTo(two)).containsExactly(
                new Mapping(DBA, Set.of("dba_role")));
    }

    @Test
    void theInverseUndoesTheEdit() {
        MappingEdit edit = MappingEdit.map(INTERNS, "analyst_role");
        assertThat(edit.inverse()).isEqualTo(MappingEdit.unmap(INTERNS, "analyst_role"));
        assertThat(edit.inverse().applyTo(edit.applyTo(NOW))).isEqualTo(NOW);
        assertThat(edit.describe()).isEqualTo("map group interns to analyst_role");
        assertThat(edit.inverse().describe()).isEqualTo("unmap group interns from analyst_role");
    }
}
