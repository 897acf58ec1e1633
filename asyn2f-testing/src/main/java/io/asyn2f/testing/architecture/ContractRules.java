package io.asyn2f.testing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The rule that keeps the wire contract in one place: no class of a service (or the worker) carries the name of a
 * class of {@code asyn2f-api}. A service that needs a contract type uses the contract's; a second record of the same
 * name is how copies began (a registration request in the registry and another in the worker, an object-key layout
 * in the gateway and another in the aggregator).
 */
public final class ContractRules {

    private static final String CONTRACT = "io.asyn2f.api";

    private ContractRules() {
    }

    /** No class under {@code servicePackage} is named like a top-level class of the contract. */
    public static ArchRule shouldNotCopyTheContract(String servicePackage) {
        Set<String> contract = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CONTRACT).stream()
                .filter(c -> c.getPackageName().startsWith(CONTRACT) && c.isTopLevelClass())
                .map(JavaClass::getSimpleName)
                .collect(Collectors.toUnmodifiableSet());
        if (contract.isEmpty()) {
            throw new IllegalStateException("no class of " + CONTRACT + " on the class path");
        }
        return classes().that().resideInAPackage(servicePackage + "..").and().areTopLevelClasses()
                .should(new ArchCondition<>("not be named like a class of the contract in asyn2f-api") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        if (contract.contains(item.getSimpleName())) {
                            events.add(SimpleConditionEvent.violated(item, item.getName()
                                    + " has the name of a contract class; use io.asyn2f.api's"));
                        }
                    }
                })
                .because("the wire contract exists once, in asyn2f-api");
    }
}
