package io.rolegate.console;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.rolegate.engine.api.Engine;

import java.time.Duration;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The console is a client of the engine like the CLI: it reaches the engine only through the door
 * ({@code io.rolegate.engine.api} and its values in {@code api.model}), so the engine's rooms can change behind it
 * and the door could one day be a network away. Checked on the console's compiled classes, tests excluded (they may
 * build engine internals to set a scene).
 */
@AnalyzeClasses(packages = "io.rolegate.console", importOptions = ImportOption.DoNotIncludeTests.class)
class ConsoleArchitectureTest {

    /** Nothing of the engine but the door and its values. */
    @ArchTest
    static final ArchRule the_console_uses_only_the_door = noClasses().that().resideInAPackage("io.rolegate.console..")
            .should().dependOnClassesThat(resideInAPackage("io.rolegate.engine..")
                    .and(not(resideInAPackage("io.rolegate.engine.api.."))));

    /** DNs are strings at the door ({@link io.rolegate.engine.api.model.Dns} compares them): no LDAP SDK here. */
    @ArchTest
    static final ArchRule the_console_does_not_use_the_ldap_sdk = noClasses()
            .that().resideInAPackage("io.rolegate.console..")
            .should().dependOnClassesThat().resideInAPackage("com.unboundid..");

    /**
     * The engine judges every console action by the identity it is handed (decision 0014); the owner's variants
     * without one are for the process that runs the engine. Only {@code ConsoleApp} — which starts the first engine
     * from the start-up form and stops it when the window closes — plays that part.
     */
    @ArchTest
    static final ArchRule console_actions_always_name_who_asks = noClasses()
            .that().resideInAPackage("io.rolegate.console..").and().doNotHaveFullyQualifiedName(ConsoleApp.class.getName())
            .should().callMethod(Engine.class, "stop", Duration.class)
            .orShould().callMethod(Engine.class, "start")
            .orShould().callMethod(Engine.class, "disconnect", long.class, String.class)
            .orShould().callMethod(Engine.class, "cancelQuery", long.class)
            .because("the engine decides what a console user may do by the identity they act with");
}
