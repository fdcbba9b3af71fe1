package com.jada.chartersync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CharterSyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(CharterSyncApplication.class, args);
    }
}
