package com.jada.chartersync.localcloud;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the embedded default's stand-ins ({@code charter.local.*}, profile {@code local} only; test world, never in
 * the product). {@code latency.<service>}: a delay per call (dynamodb, s3, calendar per page, cloudfront, lambda, edge),
 * jittered by {@code latency-jitter} (fraction, default 0.2 = ±20 %), none by default; {@code latency-relays=true} puts
 * the delaying relays in front of dynalite and S3Mock even at zero delay, so that the delays can be switched on later.
 */
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
        String calendarIcalToken,
        Map<String, Duration> latency,
        Double latencyJitter,
        Boolean latencyRelays) {

    public LocalCloudProperties {
        latency = latency == null ? Map.of() : Map.copyOf(latency);
        latencyJitter = latencyJitter == null ? 0.2 : latencyJitter;
        latencyRelays = latencyRelays != null && latencyRelays;
        dynaliteHome = dynaliteHome == null ? Path.of("src/test/dynalite") : dynaliteHome;
        accessTokenTtl = accessTokenTtl == null ? Duration.ofMinutes(5) : accessTokenTtl;
        calendarIcalToken = calendarIcalToken == null || calendarIcalToken.isBlank() ? "local" : calendarIcalToken;
    }
}
