package com.jada.chartersync.localcloud;

import com.jada.chartersync.CharterSyncApplication;
import org.springframework.boot.SpringApplication;

/**
 * The README's first command ({@code mvn spring-boot:test-run}): the runtime exactly as shipped, with the local
 * cloud beside it in the same JVM (Spring Boot's pattern for development-time services).
 */
public final class LocalCloudApplication {

    private LocalCloudApplication() {
    }

    public static void main(String[] args) {
        SpringApplication.from(CharterSyncApplication::main)
                .with(LocalCloudConfiguration.class)
                .withAdditionalProfiles("local")
                .run(args);
    }
}
