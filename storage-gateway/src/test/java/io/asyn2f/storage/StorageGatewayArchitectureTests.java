package io.asyn2f.storage;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.asyn2f.testing.architecture.ContractRules;

/**
 * Services talk through the wire contract in asyn2f-api, never through each other's classes, so each can
 * be deployed, scaled and changed on its own. Inside the gateway the packages form a hierarchy: the controllers
 * and the event listener on top, the store, security and problem handling below them, properties and metrics at the
 * bottom.
 */
@AnalyzeClasses(packagesOf = StorageGatewayApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class StorageGatewayArchitectureTests {

    private static final String[] FOUNDATIONS = {"io.asyn2f.storage.config..", "io.asyn2f.storage.metrics.."};

    @ArchTest
    static final ArchRule shouldNotDependOnOtherServices = noClasses()
            .that().resideInAPackage("io.asyn2f.storage..")
            .should().dependOnClassesThat().resideInAnyPackage("io.asyn2f.registry..", "io.asyn2f.aggregator..", "io.asyn2f.worker..")
            .because("services share only the contract in asyn2f-api");

    @ArchTest
    static final ArchRule shouldTalkToTheStoreOnlyThroughTheStorePackage = noClasses()
            .that().resideOutsideOfPackage("io.asyn2f.storage.store..")
            .should().dependOnClassesThat().resideInAnyPackage("io.minio..")
            .because("signing and key layout live in one place, so no controller can presign an unchecked key");

    @ArchTest
    static final ArchRule shouldNotCopyTheContract = ContractRules.shouldNotCopyTheContract("io.asyn2f.storage");

    @ArchTest
    static final ArchRule shouldHaveNoPackageCycles = slices()
            .matching("io.asyn2f.storage.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule propertiesAndMetricsShouldNotKnowTheFeatures = noClasses()
            .that().resideInAnyPackage(FOUNDATIONS)
            .should().dependOnClassesThat(resideInAPackage("io.asyn2f.storage..")
                    .and(resideInAnyPackage(FOUNDATIONS).negate()))
            .because("every package reads the properties and counts refusals, so those may use no package");

    @ArchTest
    static final ArchRule shouldNotDependOnControllers = noClasses()
            .that().areNotAnnotatedWith(RestController.class)
            .should().dependOnClassesThat().areAnnotatedWith(RestController.class)
            .because("controllers are entry points: what they share lives beside them, not in them");

    @ArchTest
    static final ArchRule shouldNotDependOnTheApplicationClass = noClasses()
            .should().dependOnClassesThat().belongToAnyOf(StorageGatewayApplication.class)
            .because("the application class only starts the service");
}
