package com.jada.chartersync.localcloud;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/** Settings of the embedded default's stand-ins ({@code charter.local.*}, profile {@code local} only; test world, never in the product). */
@ConfigurationProperties("charter.local")
public record LocalCloudProperties(
        Path dataDir,
        boolean resetOnStart,
        String host,
        int dynamodbPort,
        int s3Port,
        int calendarPort,
        int cloudfrontPort,
        int edgePort,
        int lambdaPort,
        Duration edgeTtl,
        String calendarId,
        String timeZone,
        String bucket,
        String distributionId,
        String waiverFunction,
        Path dynaliteHome,
        String oauthClientId,
        String oauthClientSecret,
        String refreshToken,
        Duration accessTokenTtl,
        String calendarIcalToken) {

    public LocalCloudProperties {
        dynaliteHome = dynaliteHome == null ? Path.of("src/test/dynalite") : dynaliteHome;
        accessTokenTtl = accessTokenTtl == null ? Duration.ofMinutes(5) : accessTokenTtl;
        calendarIcalToken = calendarIcalToken == null || calendarIcalToken.isBlank() ? "local" : calendarIcalToken;
    }
}
