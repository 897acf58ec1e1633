package io.asyn2f.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Services talk through the wire contract in asyn2f-api, never through each other's classes, so each can
 * be deployed, scaled and changed on its own.
 */
@AnalyzeClasses(packagesOf = StorageGatewayApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class StorageGatewayArchitectureTests {

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
}
