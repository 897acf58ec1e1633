package io.asyn2f.worker;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import io.asyn2f.testing.architecture.ContractRules;

/**
 * Services talk through the wire contract in asyn2f-api, never through each other's classes, so each can
 * be deployed, scaled and changed on its own. Inside the worker the packages form a hierarchy: the Spring wiring
 * ({@code system}) on top, the session (which talks to the services) below it, the learning (data, model, training,
 * tester) below that, metrics at the bottom.
 */
@AnalyzeClasses(packagesOf = WorkerAgentApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class WorkerAgentArchitectureTests {

    @ArchTest
    static final ArchRule shouldNotDependOnOtherServices = noClasses()
            .that().resideInAPackage("io.asyn2f.worker..")
            .should().dependOnClassesThat().resideInAnyPackage("io.asyn2f.registry..", "io.asyn2f.storage..", "io.asyn2f.aggregator..")
            .because("services share only the contract in asyn2f-api");

    @ArchTest
    static final ArchRule shouldNotCopyTheContract = ContractRules.shouldNotCopyTheContract("io.asyn2f.worker");

    @ArchTest
    static final ArchRule shouldHaveNoPackageCycles = slices()
            .matching("io.asyn2f.worker.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule shouldNotDependOnTheSpringWiring = noClasses()
            .that().resideOutsideOfPackage("io.asyn2f.worker.system..")
            .should().dependOnClassesThat().resideInAPackage("io.asyn2f.worker.system..")
            .because("the wiring starts the session; the session, the benchmark and the launcher run without it");

    @ArchTest
    static final ArchRule learningShouldNotTalkToTheServices = noClasses()
            .that().resideInAnyPackage("io.asyn2f.worker.data..", "io.asyn2f.worker.model..",
                    "io.asyn2f.worker.training..", "io.asyn2f.worker.tester..")
            .should().dependOnClassesThat().resideInAnyPackage("io.asyn2f.worker.session..",
                    "io.asyn2f.worker.client..", "io.asyn2f.worker.messaging..")
            .because("training and evaluation run offline (tests, the benchmark); the session connects them");

    @ArchTest
    static final ArchRule metricsShouldNotKnowTheFeatures = noClasses()
            .that().resideInAPackage("io.asyn2f.worker.metrics..")
            .should().dependOnClassesThat(resideInAPackage("io.asyn2f.worker..")
                    .and(resideInAPackage("io.asyn2f.worker.metrics..").negate()))
            .because("every package counts what it does, so metrics may use no package");

    @ArchTest
    static final ArchRule shouldNotDependOnTheApplicationClass = noClasses()
            .should().dependOnClassesThat().belongToAnyOf(WorkerAgentApplication.class)
            .because("the application class only starts the worker");
}
