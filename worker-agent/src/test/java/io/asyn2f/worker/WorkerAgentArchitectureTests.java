package io.asyn2f.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Services talk through the wire contract in asyn2f-api, never through each other's classes, so each can
 * be deployed, scaled and changed on its own.
 */
@AnalyzeClasses(packagesOf = WorkerAgentApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class WorkerAgentArchitectureTests {

    @ArchTest
    static final ArchRule shouldNotDependOnOtherServices = noClasses()
            .that().resideInAPackage("io.asyn2f.worker..")
            .should().dependOnClassesThat().resideInAnyPackage("io.asyn2f.registry..", "io.asyn2f.storage..", "io.asyn2f.aggregator..")
            .because("services share only the contract in asyn2f-api");
}
