package com.jada.chartersync.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The product never reaches into its test world: the local cloud lives in test sources and nothing imports it. */
class ProductBoundaryTest {

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.jada.chartersync");

    @Test
    void businessCodeNeverImportsTheLocalCloudOrS3Mock() {
        assertThat(PRODUCT).as("product classes imported").isNotEmpty();
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.jada.chartersync.localcloud..",
                        "com.adobe.testing..")
                .because("the local cloud is test world: the product cannot tell a stand-in from AWS")
                .check(PRODUCT);
    }

    @Test
    void productSourcesHoldNoStandInAndNoSampleData() throws Exception {
        try (var files = Files.walk(Path.of("src/main"))) {
            assertThat(files.map(Path::toString).filter(p -> p.matches("(?i).*(standin|localcloud|sample-calendar|hand-made-records|s3mock).*")))
                    .isEmpty();
        }
    }
}
