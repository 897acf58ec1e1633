package io.asyn2f.aggregator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.asyn2f.testing.architecture.ContractRules;

/**
 * Services talk through the wire contract in asyn2f-api, never through each other's classes, so each can be
 * deployed, scaled and changed on its own. Inside the aggregator the packages form layers: the admin API on top; the
 * features that act on sessions (intake of updates, worker events and the lifecycle, aggregation, evaluation,
 * retention) in the middle; the session, version and update records, the outbox and the store below; properties,
 * metrics and problem details under everything.
 */
@AnalyzeClasses(packagesOf = AggregatorApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class AggregatorArchitectureTests {

    private static final String ROOT = "io.asyn2f.aggregator";

    @ArchTest
    static final ArchRule shouldNotDependOnOtherServices = noClasses()
            .that().resideInAPackage("io.asyn2f.aggregator..")
            .should().dependOnClassesThat().resideInAnyPackage("io.asyn2f.registry..", "io.asyn2f.storage..",
                    "io.asyn2f.worker..")
            .because("services share only the contract in asyn2f-api");

    @ArchTest
    static final ArchRule shouldNotCopyTheContract = ContractRules.shouldNotCopyTheContract("io.asyn2f.aggregator");

    @ArchTest
    static final ArchRule shouldHaveNoPackageCycles = slices()
            .matching("io.asyn2f.aggregator.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule shouldKeepItsLayers = layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage(ROOT + "..")
            .layer("Application").definedBy(ROOT)
            .layer("Admin").definedBy(ROOT + ".admin..", ROOT + ".deadletter..")
            .layer("Features").definedBy(ROOT + ".aggregation..", ROOT + ".evaluation..", ROOT + ".lifecycle..",
                    ROOT + ".retention..", ROOT + ".update..")
            .layer("Records").definedBy(ROOT + ".session..", ROOT + ".version..", ROOT + ".outbox..",
                    ROOT + ".storage..", ROOT + ".security..")
            .layer("Base").definedBy(ROOT + ".config..", ROOT + ".metrics..", ROOT + ".web..")
            .whereLayer("Application").mayNotBeAccessedByAnyLayer()
            .whereLayer("Admin").mayOnlyBeAccessedByLayers("Application")
            .whereLayer("Features").mayOnlyBeAccessedByLayers("Admin", "Features")
            .whereLayer("Records").mayOnlyBeAccessedByLayers("Admin", "Features", "Records")
            .because("each package can then be read knowing only the packages below it");
}
