package dev.eventbus;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.eventbus.core.DefaultEmitter;
import dev.eventbus.standalone.StandaloneEmitterBuilder;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of the starter, as rules the build checks: arrows point one way, from the Boot glue down to the engine,
 * and the API a user types knows nothing of what implements it.
 */
class ArchitectureTest {

    private static final JavaClasses STARTER = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.eventbus");

    /** Ours, outside the API package. */
    private static final DescribedPredicate<JavaClass> OURS_OUTSIDE_THE_API = resideInAPackage("dev.eventbus..")
        .and(resideOutsideOfPackage("dev.eventbus"))
        .as("classes of dev.eventbus's sub-packages");

    @Test
    void theApiDependsOnNothingOfOursButTheBuilderBehindEmitterBuilder() {
        ArchRule rest = noClasses().that()
            .resideInAPackage("dev.eventbus")
            .and()
            .doNotHaveFullyQualifiedName(Emitter.class.getName())
            .should()
            .dependOnClassesThat(OURS_OUTSIDE_THE_API);
        ArchRule emitter = classes().that()
            .haveFullyQualifiedName(Emitter.class.getName())
            .should()
            .onlyDependOnClassesThat(DescribedPredicate.not(OURS_OUTSIDE_THE_API)
                .or(equivalentTo(StandaloneEmitterBuilder.class)));
        rest.check(STARTER);
        emitter.check(STARTER);
    }

    @Test
    void theEngineUsesNoSpringBootActuatorOrMicrometerClass() {
        noClasses().that()
            .resideInAPackage("dev.eventbus.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.boot..", "io.micrometer..")
            .check(STARTER);
    }

    @Test
    void theEngineKnowsNobodyAboveIt() {
        noClasses().that()
            .resideInAPackage("dev.eventbus.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.eventbus.metrics..", "dev.eventbus.autoconfigure..", "dev.eventbus.actuate..",
                    "dev.eventbus.standalone..", "dev.eventbus.transaction..", "org.springframework.transaction..")
            .check(STARTER);
    }

    @Test
    void transactionPhasesPlugInThroughTheSeamWithoutSpringBoot() {
        noClasses().that()
            .resideInAPackage("dev.eventbus.transaction..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.boot..", "io.micrometer..", "dev.eventbus.autoconfigure..",
                    "dev.eventbus.metrics..", "dev.eventbus.actuate..")
            .check(STARTER);
    }

    @Test
    void metricsDoNotUseTheAutoConfiguration() {
        noClasses().that()
            .resideInAPackage("dev.eventbus.metrics..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.eventbus.autoconfigure..", "dev.eventbus.actuate..", "dev.eventbus.standalone..")
            .check(STARTER);
    }

    @Test
    void packagesHaveNoCycles() {
        // the API package is a slice of its own; its one arrow down (Emitter.builder()) is the allowed exception
        slices().assignedFrom(new com.tngtech.archunit.library.dependencies.SliceAssignment() {

            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals("dev.eventbus")) {
                    return SliceIdentifier.of("api");
                }
                if (name.startsWith("dev.eventbus.")) {
                    return SliceIdentifier.of(name.substring("dev.eventbus.".length()).split("\\.")[0]);
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of dev.eventbus";
            }
        }).should().beFreeOfCycles().ignoreDependency(Emitter.class, StandaloneEmitterBuilder.class).check(STARTER);
    }

    @Test
    void nothingOutsideTheEngineTestsForItsImplementation() {
        noClasses().that()
            .resideOutsideOfPackage("dev.eventbus.core..")
            .should(checkInstanceof(DefaultEmitter.class))
            .check(STARTER);
    }

    private static ArchCondition<JavaClass> checkInstanceof(Class<?> type) {
        return new ArchCondition<>("test instanceof " + type.getSimpleName()) {

            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaCodeUnit codeUnit : javaClass.getCodeUnits()) {
                    codeUnit.getInstanceofChecks()
                        .stream()
                        .filter((check) -> check.getRawType().isAssignableTo(type))
                        .forEach((check) -> events.add(SimpleConditionEvent.satisfied(check, codeUnit.getFullName()
                                + " tests instanceof " + type.getName() + " in " + check.getSourceCodeLocation())));
                }
            }
        };
    }

}
