package com.jada.chartersync.calendar;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.config.CallCounter;
import com.jada.chartersync.charter.CalendarEventMapper;
import com.jada.chartersync.charter.DescriptionParser;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CalendarClientConfiguration {

    /** Referenced by the google-calendar component as {@code #calendarClientFactory} (application.yaml). */
    @Bean
    public CallCounter callCounter() {
        return new CallCounter();
    }

    /** Whether Google accepts the runtime's credentials, as the calendar client last saw it (health, board). */
    @Bean
    public CalendarAccess calendarAccess() {
        return new CalendarAccess();
    }

    @Bean
    public ConfigurableCalendarClientFactory calendarClientFactory(CharterSyncProperties properties, CallCounter callCounter,
                                                                   CalendarAccess access) {
        CharterSyncProperties.Calendar calendar = properties.calendar();
        return new ConfigurableCalendarClientFactory(calendar.rootUrl(), calendar.tokenUrl(), calendar.auth(), callCounter,
                access, calendar.connectTimeout(), calendar.readTimeout());
    }

    @Bean
    public DescriptionParser descriptionParser() {
        return new DescriptionParser();
    }

    @Bean
    public CalendarEventMapper calendarEventMapper(DescriptionParser parser, CharterSyncProperties properties) {
        return new CalendarEventMapper(parser, properties.calendar().timeZone());
    }
}
