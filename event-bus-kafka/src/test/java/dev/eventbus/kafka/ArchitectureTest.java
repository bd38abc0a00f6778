package dev.eventbus.kafka;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.eventbus.autoconfigure.EventBusAutoConfiguration;
import dev.eventbus.autoconfigure.EventBusProperties;
import dev.eventbus.core.DefinitionRegistrar;
import dev.eventbus.core.Delivery;
import dev.eventbus.core.DeliveryFactory;
import dev.eventbus.core.EmitInterceptor;
import dev.eventbus.core.EventPattern;
import dev.eventbus.core.Events;
import dev.eventbus.core.Invocation;
import dev.eventbus.core.ListenerDefinition;
import dev.eventbus.core.ListenerHandle;
import dev.eventbus.core.ListenerLookup;
import dev.eventbus.metrics.EventTagLimiter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module plugs into the engine through its seams only, and knows the durable-delivery module by name alone (it
 * works without it).
 */
class ArchitectureTest {

    private static final JavaClasses MODULE = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.eventbus.kafka");

    @Test
    void theModuleUsesOnlyTheEngineSeams() {
        noClasses().that()
            .resideInAPackage("dev.eventbus.kafka..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.eventbus.core..")
                .and(equivalentTo(DeliveryFactory.class).negate())
                .and(equivalentTo(Delivery.class).negate())
                .and(equivalentTo(Invocation.class).negate())
                .and(equivalentTo(ListenerDefinition.class).negate())
                .and(equivalentTo(ListenerDefinition.ListenerInvoker.class).negate())
                .and(equivalentTo(ListenerLookup.class).negate())
                .and(equivalentTo(ListenerHandle.class).negate())
                .and(equivalentTo(DefinitionRegistrar.class).negate())
                .and(equivalentTo(EmitInterceptor.class).negate())
                .and(equivalentTo(EventPattern.class).negate())
                .and(equivalentTo(Events.class).negate()))
            .check(MODULE);
    }

    @Test
    void theModuleUsesNoBootGlueOfTheStarterButItsPropertiesAndItsAutoConfigurationsName() {
        noClasses().that()
            .resideInAPackage("dev.eventbus.kafka..")
            .should()
            .dependOnClassesThat(resideInAnyPackage("dev.eventbus.autoconfigure..", "dev.eventbus.actuate..",
                    "dev.eventbus.metrics..")
                .and(equivalentTo(EventBusProperties.class).negate())
                .and(equivalentTo(EventBusProperties.Metrics.class).negate())
                .and(equivalentTo(EventBusAutoConfiguration.class).negate())
                .and(equivalentTo(EventTagLimiter.class).negate()))
            .check(MODULE);
    }

    @Test
    void theModuleKnowsTheDurableDeliveryModuleByNameOnly() {
        noClasses().that()
            .resideInAPackage("dev.eventbus.kafka..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.eventbus.jdbc.."))
            .check(MODULE);
    }

}
