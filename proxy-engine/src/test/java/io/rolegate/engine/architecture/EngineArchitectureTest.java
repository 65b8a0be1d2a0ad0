package io.rolegate.engine.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house rules of the engine, checked on its compiled classes (see architecture.md, "The door" and "Rooms").
 * The console's own rule (it reaches the engine only through the door) lives in the app module.
 */
@AnalyzeClasses(packages = "io.rolegate.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    /** Every package is its own room: a room may use the rooms below it, never one that uses it back. */
    @ArchTest
    static final ArchRule rooms_depend_downward_only = slices().matching("io.rolegate.engine.(**)")
            .namingSlices("$1").should().beFreeOfCycles();

    /**
     * The headless runner is a client of the engine like the console: it goes through the door (and may use the
     * file-writing helpers, which are no room of the engine's: they stand alone, below).
     */
    @ArchTest
    static final ArchRule the_cli_uses_only_the_door = noClasses().that().resideInAPackage("io.rolegate.engine.cli..")
            .should().dependOnClassesThat(resideInAPackage("io.rolegate.engine..")
                    .and(not(resideInAnyPackage("io.rolegate.engine.api..", "io.rolegate.engine.cli..",
                            "io.rolegate.engine.files.."))));

    /** Writing a file whole is a tool, not a room: it uses nothing of the engine's. */
    @ArchTest
    static final ArchRule the_file_helpers_stand_alone = noClasses().that().resideInAPackage("io.rolegate.engine.files..")
            .should().dependOnClassesThat(resideInAPackage("io.rolegate.engine..")
                    .and(not(resideInAPackage("io.rolegate.engine.files.."))));

    /** The values that cross the door could cross a network: they use nothing of the engine's rooms. */
    @ArchTest
    static final ArchRule the_values_stand_alone = noClasses().that().resideInAPackage("io.rolegate.engine.api.model..")
            .should().dependOnClassesThat(resideInAPackage("io.rolegate.engine..")
                    .and(not(resideInAPackage("io.rolegate.engine.api.model.."))));
}
