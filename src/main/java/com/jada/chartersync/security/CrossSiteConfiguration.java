package com.jada.chartersync.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The parts of the operator surface's protection that hold in every profile, with or without credentials:
 * the {@link CrossSiteRequestGuard} in front of everything (Spring Security included) and the Jolokia policy.
 */
@Configuration(proxyBeanMethods = false)
public class CrossSiteConfiguration {

    @Bean
    public AllowedHosts allowedHosts(@Value("${charter.security.allowed-hosts:}") List<String> configured) {
        return new AllowedHosts(configured);
    }

    @Bean
    public FilterRegistrationBean<CrossSiteRequestGuard> crossSiteRequestGuard(AllowedHosts hosts) {
        FilterRegistrationBean<CrossSiteRequestGuard> registration = new FilterRegistrationBean<>(new CrossSiteRequestGuard(hosts));
        // before Spring Security's chain: a refused request never reaches authentication or any handler
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    /** Picked up by Jolokia's Spring Boot support instead of its allow-everything default. */
    @Bean
    public JolokiaAccessPolicy jolokiaAccessPolicy() {
        return new JolokiaAccessPolicy();
    }
}
