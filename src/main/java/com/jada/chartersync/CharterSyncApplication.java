package com.jada.chartersync;

import com.jada.chartersync.authorize.AuthorizeCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CharterSyncApplication {

    public static void main(String[] args) {
        if (AuthorizeCommand.requested(args)) {
            // --authorize: get a refresh token for GOOGLE_REFRESH_TOKEN, then exit (docs/aws.md)
            System.exit(AuthorizeCommand.main(args, System.out));
        }
        SpringApplication.run(CharterSyncApplication.class, args);
    }
}
