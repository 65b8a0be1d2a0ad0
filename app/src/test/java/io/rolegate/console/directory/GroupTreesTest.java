package io.rolegate.console.directory;

import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.Mapping;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GroupTreesTest {
    private static final String GROUPS = "ou=groups,dc=example,dc=org";
    private static final DirectoryGroup DBA = group("dba", GROUPS, 2);
    private static final DirectoryGroup TEAM = group("data-team", GROUPS, 1);
    private static final DirectoryGroup ANALYSTS = group("analysts", "ou=teams," + GROUPS, 1);
    private static final List<Mapping> MAPPINGS = List.of(new Mapping("CN=dba," + GROUPS, Set.of("dba_role")));

    private static DirectoryGroup group(String cn, String ou, int members) {
        return new DirectoryGroup("cn=" + cn + "," + ou, cn, null, members);
    }

    private static String dn(DirectoryGroup g) {
        return g.dn();
    }

    @Test
    void byOuPutsEachGroupUnderItsContainerSorted() {
        GroupNode root = GroupTrees.byOu(List.of(DBA, ANALYSTS, TEAM), MAPPINGS);
        assertThat(root.children()).extracting(GroupNode::label)
                .containsExactly(GROUPS, "ou=teams," + GROUPS);
        assertThat(root.children().get(0).children()).extracting(GroupNode::text)
                .containsExactly("data-team · 1 member", "dba · 2 members → dba_role");
    }

    @Test
    void byNestingShowsContainedGroupsUnderTheirParentOnly() {
        GroupNode root = GroupTrees.byNesting(List.of(DBA, TEAM, ANALYSTS),
                Map.of(dn(DBA), List.of(dn(TEAM)), dn(TEAM), List.of(), dn(ANALYSTS), List.of()), MAPPINGS);
        assertThat(root.children()).extracting(GroupNode::label).containsExactly("analysts", "dba");
        assertThat(root.children().get(1).children()).extracting(GroupNode::label).containsExactly("data-team");
        assertThat(root.children().get(1).roles()).containsExactly("dba_role");
    }

    @Test
    void aCycleIsShownOnceAndNotFollowedForever() {
        GroupNode root = GroupTrees.byNesting(List.of(DBA, TEAM),
                Map.of(dn(DBA), List.of(dn(TEAM)), dn(TEAM), List.of(dn(DBA))), List.of());
        // each contains the other, so neither is a natural top: the first by name becomes one
        assertThat(root.children()).singleElement().satisfies(team -> {
            assertThat(team.label()).isEqualTo("data-team");
            assertThat(team.children()).singleElement().satisfies(dba -> {
                assertThat(dba.label()).isEqualTo("dba");
                assertThat(dba.children()).isEmpty();
            });
        });
        DirectoryGroup top = group("top", GROUPS, 1);
        GroupNode withTop = GroupTrees.byNesting(List.of(DBA, TEAM, top), Map.of(dn(top), List.of(dn(DBA)),
                dn(DBA), List.of(dn(TEAM)), dn(TEAM), List.of(dn(DBA))), List.of());
        assertThat(withTop.children()).singleElement().satisfies(t -> {
            assertThat(t.label()).isEqualTo("top");
            GroupNode dba = t.children().get(0);
            assertThat(dba.children()).singleElement().satisfies(team -> assertThat(team.children()).isEmpty());
        });
    }
}
