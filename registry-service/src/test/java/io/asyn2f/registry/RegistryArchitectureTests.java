package io.asyn2f.registry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Services talk through the wire contract in asyn2f-api, never through each other's classes, so each can
 * be deployed, scaled and changed on its own.
 */
@AnalyzeClasses(packagesOf = RegistryApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class RegistryArchitectureTests {

    @ArchTest
    static final ArchRule shouldNotDependOnOtherServices = noClasses()
            .that().resideInAPackage("io.asyn2f.registry..")
            .should().dependOnClassesThat().resideInAnyPackage("io.asyn2f.storage..", "io.asyn2f.aggregator..", "io.asyn2f.worker..")
            .because("services share only the contract in asyn2f-api");
}
