package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConfigException;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The getters later sections (directory, mappings, policies) will use that the first four sections do not:
 * lists of values and lists of sections, with their problems and unknown keys.
 */
class SectionReaderTest {
    private final ConfigProblems problems = new ConfigProblems();

    private SectionReader read(String yaml) {
        MappingNode node = (MappingNode) new Compose(LoadSettings.builder().build()).composeString(yaml).orElseThrow();
        return new SectionReader(new BindContext(problems, new EnvSubstitution(Map.of("OU", "staff")::get),
                Path.of("/")), "", 1, node);
    }

    private List<ConfigProblem> problems() {
        try {
            problems.throwIfAny("t");
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    @Test
    void listOfValuesWithSubstitution() {
        SectionReader r = read("groups:\n  - dba\n  - \"${OU}\"\n");
        assertThat(r.strings("groups")).containsExactly("dba", "staff");
        r.reportUnknownKeys();
        assertThat(problems()).isEmpty();
    }

    @Test
    void listOfSectionsReportsUnknownKeysInsideEachItem() {
        SectionReader r = read("""
                mappings:
                  - group: dba
                    role: pg_admin
                  - group: analysts
                    rloe: reporting
                """);
        List<String> roles = r.sections("mappings").stream().map(m -> {
            m.string("group", null);
            return m.string("role", "none");
        }).toList();
        r.reportUnknownKeys();
        assertThat(roles).containsExactly("pg_admin", "none");
        assertThat(problems()).extracting(ConfigProblem::toString)
                .containsExactly("line 5: unknown key \"mappings[1].rloe\" (did you mean \"role\"?)");
    }

    @Test
    void wrongShapesInLists() {
        SectionReader r = read("groups: dba\nmappings:\n  - just text\n");
        assertThat(r.strings("groups")).isEmpty();
        assertThat(r.sections("mappings")).isEmpty();
        assertThat(problems()).extracting(ConfigProblem::toString).containsExactly(
                "line 1: groups: expected a list, got \"dba\"",
                "line 3: mappings[0]: expected a section, got \"just text\"");
        assertThat(r.faulty("groups")).isTrue();
        assertThat(r.faulty("mappings")).isTrue();
    }

    @Test
    void nestedSectionsAreFaultyWhenAnythingInsideIs() {
        SectionReader r = read("directory:\n  pool:\n    size: lots\n");
        SectionReader pool = r.section("directory").section("pool");
        assertThat(pool.integer("size", 4, 1, 64)).isEqualTo(4);
        assertThat(r.faulty("directory")).isTrue();
        assertThat(r.section("directory").line("pool")).isEqualTo(2);
        assertThat(problems()).singleElement().extracting(ConfigProblem::path).isEqualTo("directory.pool.size");
    }
}
