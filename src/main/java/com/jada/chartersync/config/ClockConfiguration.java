package com.jada.chartersync.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The clock the status board and the dock manifest read "now" from: the system clock in the marina's time zone,
 * or a fixed instant ({@code charter.clock.fixed}) so a demo or a test can stand the evening before a charter.
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock(CharterSyncProperties properties) {
        CharterSyncProperties.ClockSettings settings = properties.clock();
        return settings.isFixed() ? Clock.fixed(parse(settings.fixed()), properties.calendar().timeZone())
                : Clock.system(properties.calendar().timeZone());
    }

    /** An ISO instant ({@code 2026-05-31T03:00:00Z}) or date-time with offset ({@code 2026-05-30T20:00-07:00}). */
    static Instant parse(String fixed) {
        try {
            return OffsetDateTime.parse(fixed.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("charter.clock.fixed must be an instant with its offset, e.g. "
                    + "2026-05-30T20:00-07:00 or 2026-05-31T03:00:00Z; got '" + fixed + "'", e);
        }
    }
}
