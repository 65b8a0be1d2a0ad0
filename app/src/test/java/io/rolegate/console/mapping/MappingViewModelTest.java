package io.rolegate.console.mapping;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.console.common.SameThreadTaskExecutor;
import io.rolegate.console.common.ScriptedDialogs;
import io.rolegate.console.login.ConsoleUser;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.Mapping;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapping view's decisions and its undo history, without the FX thread. */
class MappingViewModelTest {
    private static final String DBA = "cn=dba,ou=groups,dc=example,dc=org";
    private static final String INTERNS = "cn=interns,ou=groups,dc=example,dc=org";
    private static final ConsoleUser ALICE = ConsoleUser.of(new ConsoleIdentity("alice", "uid=alice,ou=people,dc=example,dc=org", "Alice", true, "member of cn=dba"));
    private static final ConsoleUser CAROL = ConsoleUser.of(new ConsoleIdentity("carol", "uid=carol,ou=people,dc=example,dc=org", "Carol", false, "member of cn=readers"));

    private InMemoryMappings engine;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final List<DryRun> shown = new ArrayList<>();
    private boolean confirm = true;
    private ConsoleUser user = ALICE;
    private MappingViewModel vm;

    @BeforeEach
    void setUp() {
        engine = new InMemoryMappings(List.of(new Mapping(DBA, Set.of("dba_role"))),
                List.of("dba_role", "analyst_role"))
                .group(DBA, "alice").group(INTERNS, "dave", "frank");
        vm = new MappingViewModel(engine, new SameThreadTaskExecutor(), dialogs, plan -> {
            shown.add(plan);
            return confirm;
        }, () -> user);
        vm.refresh();
    }

    @Test
    void aDropShowsTheDryRunAndAppliesUnderTheLoggedInName() {
        vm.drop(INTERNS, "analyst_role");
        assertThat(shown).singleElement().satisfies(plan -> assertThat(plan.rows()).extracting(DryRun.Row::user)
                .containsExactly("dave", "frank"));
        assertThat(engine.applied).singleElement().satisfies(a -> {
            assertThat(a.admin()).isEqualTo("alice");
            assertThat(a.comment()).isEqualTo("map group interns to analyst_role");
            assertThat(a.mappings()).contains(new Mapping(INTERNS, Set.of("analyst_role")));
        });
        assertThat(vm.roles()).filteredOn(r -> r.name().equals("analyst_role")).singleElement()
                .satisfies(r -> assertThat(r.mappedGroups()).containsExactly(INTERNS));
        assertThat(vm.history().canUndoProperty().get()).isTrue();
        assertThat(vm.history().undoTextProperty().get()).isEqualTo("Undo map group interns to analyst_role");
    }

    @Test
    void cancellingTheDryRunChangesNothing() {
        confirm = false;
        vm.drop(INTERNS, "analyst_role");
        assertThat(shown).hasSize(1);
        assertThat(engine.applied).isEmpty();
        assertThat(vm.history().canUndoProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Cancelled: map group interns to analyst_role");
    }

    @Test
    void undoRevertsAndRedoReappliesAndANewEditForgetsTheRedo() {
        vm.drop(INTERNS, "analyst_role");
        vm.undo();
        assertThat(engine.mappings()).containsExactly(new Mapping(DBA, Set.of("dba_role")));
        assertThat(engine.applied.get(1).comment()).isEqualTo("undo: map group interns to analyst_role");
        assertThat(vm.history().canUndoProperty().get()).isFalse();
        assertThat(vm.history().canRedoProperty().get()).isTrue();

        vm.redo();
        assertThat(engine.mappings()).contains(new Mapping(INTERNS, Set.of("analyst_role")));
        assertThat(engine.applied.get(2).comment()).isEqualTo("redo: map group interns to analyst_role");
        assertThat(vm.history().canRedoProperty().get()).isFalse();

        vm.undo();
        vm.unmap(DBA, "dba_role");
        assertThat(engine.mappings()).isEmpty();
        assertThat(vm.history().canRedoProperty().get()).as("a new edit forgets what could be redone").isFalse();
        assertThat(shown).as("undo and redo show the same dry run as a drop").extracting(DryRun::action)
                .containsExactly("map group interns to analyst_role", "undo: map group interns to analyst_role",
                        "redo: map group interns to analyst_role", "undo: map group interns to analyst_role",
                        "unmap group dba from dba_role");
    }

    @Test
    void anUndoWhoseDryRunIsCancelledChangesNothingAndCanStillBeUndone() {
        vm.drop(INTERNS, "analyst_role");
        confirm = false;
        vm.undo();
        assertThat(shown.get(1).rows()).extracting(DryRun.Row::loses).containsOnly("analyst_role");
        assertThat(engine.applied).hasSize(1);
        assertThat(vm.history().canUndoProperty().get()).isTrue();
        assertThat(vm.statusProperty().get()).isEqualTo("Cancelled: undo: map group interns to analyst_role");
    }

    @Test
    void mapToRoleOffersOnlyTheRolesTheGroupMayGoToAndThenShowsTheDryRun() {
        List<List<String>> offered = new ArrayList<>();
        vm = new MappingViewModel(engine, new SameThreadTaskExecutor(), dialogs, plan -> {
            shown.add(plan);
            return confirm;
        }, (group, roles) -> {
            offered.add(roles);
            return java.util.Optional.of("analyst_role");
        }, () -> user);
        vm.refresh();
        vm.chooseRoleFor(DBA);
        assertThat(offered).singleElement().isEqualTo(List.of("analyst_role"));
        assertThat(shown).singleElement().satisfies(p -> assertThat(p.action())
                .isEqualTo("map group dba to analyst_role"));
        assertThat(engine.mappings()).contains(new Mapping(DBA, Set.of("dba_role", "analyst_role")));
        vm.chooseRoleFor(DBA);
        assertThat(dialogs.errors).singleElement().satisfies(e -> assertThat(e).contains("mapped to each already"));
    }

    @Test
    void theRoleCardsKeepTheirPlacesWhenTheRolesAreReadAgain() {
        var shownBefore = vm.roles().stream().map(r -> r.name()).toList();
        vm.drop(INTERNS, "analyst_role");
        assertThat(vm.roles().stream().map(r -> r.name()).toList()).isEqualTo(shownBefore);
    }

    @Test
    void theAccessPreviewIsReadAgainAfterAnApplyAndAnUndo() {
        vm.previewUserProperty().set("dave");
        vm.preview();
        String before = vm.previewTextProperty().get();
        vm.drop(INTERNS, "analyst_role");
        assertThat(vm.previewTextProperty().get()).isNotEqualTo(before).contains("analyst_role");
        vm.undo();
        assertThat(vm.previewTextProperty().get()).isEqualTo(before);
    }

    @Test
    void aReadOnlyUserIsRefusedBeforeAnythingIsPlanned() {
        user = CAROL;
        assertThat(vm.dropRefusal(INTERNS, "analyst_role"))
                .hasValue("carol is logged in read-only and cannot change mappings");
        vm.drop(INTERNS, "analyst_role");
        vm.unmap(DBA, "dba_role");
        assertThat(engine.planned).isEmpty();
        assertThat(engine.applied).isEmpty();
        assertThat(dialogs.errors).hasSize(2).allSatisfy(e -> assertThat(e).contains("carol is logged in read-only"));
    }

    @Test
    void undoIsRefusedWhenTheUserIsNoLongerAnAdministrator() {
        vm.drop(INTERNS, "analyst_role");
        user = CAROL;
        vm.undo();
        assertThat(engine.applied).hasSize(1);
        assertThat(vm.history().canUndoProperty().get()).isTrue();
        assertThat(dialogs.errors).singleElement().satisfies(e -> assertThat(e).contains("read-only"));
    }

    @Test
    void draggingOverARoleSaysWhatADropWouldDoOrWhyNot() {
        assertThat(vm.dragOver(INTERNS, "analyst_role")).isTrue();
        assertThat(vm.statusProperty().get()).isEqualTo("Drop to map group interns to analyst_role");
        assertThat(vm.dragOver(DBA, "dba_role")).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Cannot drop here: that group is already mapped to dba_role");
    }

    @Test
    void aDropOnAnUnknownRoleIsRefused() {
        assertThat(vm.dropRefusal(INTERNS, "no_such_role")).hasValue("no role no_such_role upstream");
    }

    @Test
    void theGroupFilterMatchesNameOrDescription() {
        assertThat(vm.shownGroups()).extracting(DirectoryGroup::name).containsExactly("dba", "interns");
        vm.groupFilterProperty().set("INT");
        assertThat(vm.shownGroups()).extracting(DirectoryGroup::name).containsExactly("interns");
        vm.groupFilterProperty().set("  ");
        assertThat(vm.shownGroups()).hasSize(2);
    }

    @Test
    void thePreviewSaysWhatAUserWouldGetOrWhyNot() {
        vm.previewUserProperty().set("alice");
        vm.preview();
        assertThat(vm.previewTextProperty().get())
                .isEqualTo("alice would get dba_role\nbecause member of a mapped group");
        vm.previewUserProperty().set("dave");
        vm.preview();
        assertThat(vm.previewTextProperty().get()).startsWith("dave would be refused (28000): user \"dave\" is in no");
        vm.previewUserProperty().set(" ");
        vm.preview();
        assertThat(vm.previewTextProperty().get()).isEqualTo("Type a user name to see the roles they would get.");
    }

    @Test
    void groupRolesComeFirstSoLoginsDoNotMoveTheDropTargets() {
        List<io.rolegate.engine.api.model.UpstreamRole> roles = List.of(
                new io.rolegate.engine.api.model.UpstreamRole("alice", true, true, List.of()),
                new io.rolegate.engine.api.model.UpstreamRole("postgres", true, false, List.of()),
                new io.rolegate.engine.api.model.UpstreamRole("dba_role", false, false, List.of(DBA)),
                new io.rolegate.engine.api.model.UpstreamRole("aaron", true, true, List.of()),
                new io.rolegate.engine.api.model.UpstreamRole("analyst_role", false, false, List.of()));
        assertThat(roles.stream().sorted(RoleOrder.TARGETS_FIRST).map(r -> r.name()))
                .containsExactly("analyst_role", "dba_role", "aaron", "alice", "postgres");
    }
}
