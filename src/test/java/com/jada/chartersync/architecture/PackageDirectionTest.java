package com.jada.chartersync.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages depend on each other one way only, so the code reads bottom to top: settings, the charter as the
 * calendar describes it, the cycle's account, the waiver system's contract, then the flow's steps (record, page,
 * edge), the cycle runner, the calendar that triggers it, and the operator's views on top.
 */
class PackageDirectionTest {

    private static final String ROOT = "com.jada.chartersync";

    /** Lowest first: a package may use the packages on its own line and the lines before it, never a later one. */
    private static final List<List<String>> LAYERS = List.of(
            List.of("config", "text"),
            List.of("charter"),
            List.of("cycle"),
            List.of("waiver"),
            List.of("record"),
            List.of("leader"),
            List.of("agreement"),
            List.of("page"),
            List.of("edge"),
            List.of("sync"),
            List.of("calendar"),
            List.of("deadletter"),
            List.of("manifest"),
            List.of("audit"),
            List.of("operations", "health"),
            List.of("api", "board", "authorize", "security"));

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void dependenciesRunFromTheOperatorViewsDownToTheSettings() {
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String[] lower = packages(LAYERS.subList(i, i + 1));
            String[] higher = packages(LAYERS.subList(i + 1, LAYERS.size()));
            noClasses().that().resideInAnyPackage(lower)
                    .should().dependOnClassesThat().resideInAnyPackage(higher)
                    .because("package dependencies run one way: " + LAYERS)
                    .check(PRODUCT);
        }
    }

    @Test
    void everyPackageHasItsPlace() {
        classes().that().resideOutsideOfPackage(ROOT).should().resideInAnyPackage(packages(LAYERS))
                .because("a new package gets its line in LAYERS, so the direction rule covers it")
                .check(PRODUCT);
    }

    private static String[] packages(List<List<String>> layers) {
        return layers.stream().flatMap(List::stream).map(p -> ROOT + "." + p + "..").toArray(String[]::new);
    }
}
