package io.asyn2f.registry;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.asyn2f.testing.architecture.ContractRules;

/**
 * Services talk through the wire contract in asyn2f-api, never through each other's classes, so each can
 * be deployed, scaled and changed on its own. Inside the registry the packages form a hierarchy, so each can be
 * read (and changed) knowing only the packages below it.
 */
@AnalyzeClasses(packagesOf = RegistryApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class RegistryArchitectureTests {

    private static final String[] CROSS_CUTTING = {"io.asyn2f.registry.config..", "io.asyn2f.registry.web.."};

    @ArchTest
    static final ArchRule shouldNotDependOnOtherServices = noClasses()
            .that().resideInAPackage("io.asyn2f.registry..")
            .should().dependOnClassesThat().resideInAnyPackage("io.asyn2f.storage..", "io.asyn2f.aggregator..", "io.asyn2f.worker..")
            .because("services share only the contract in asyn2f-api");

    @ArchTest
    static final ArchRule shouldNotCopyTheContract = ContractRules.shouldNotCopyTheContract("io.asyn2f.registry");

    @ArchTest
    static final ArchRule shouldHaveNoPackageCycles = slices()
            .matching("io.asyn2f.registry.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule configurationAndProblemsShouldNotKnowTheFeatures = noClasses()
            .that().resideInAnyPackage(CROSS_CUTTING)
            .should().dependOnClassesThat(resideInAPackage("io.asyn2f.registry..")
                    .and(resideInAnyPackage(CROSS_CUTTING).negate()))
            .because("properties and problem details are used by every feature, so they may use none");

    @ArchTest
    static final ArchRule tokensShouldNotKnowWorkers = noClasses()
            .that().resideInAPackage("io.asyn2f.registry.token..")
            .should().dependOnClassesThat().resideInAPackage("io.asyn2f.registry.worker..")
            .because("workers are issued tokens; signing and issuing know nothing of a worker's lifecycle");

    @ArchTest
    static final ArchRule shouldNotDependOnTheApplicationClass = noClasses()
            .should().dependOnClassesThat().belongToAnyOf(RegistryApplication.class)
            .because("the application class only starts the service");
}
