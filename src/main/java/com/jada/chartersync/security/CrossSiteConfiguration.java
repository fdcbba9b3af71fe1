package com.jada.chartersync.security;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.util.List;

/**
 * The parts of the operator surface's protection that hold in every profile, with or without credentials:
 * the {@link CrossSiteRequestGuard} in front of everything (Spring Security included), the Jolokia policy, and a
 * quiet 400 for requests Spring Security's firewall refuses.
 */
@Configuration(proxyBeanMethods = false)
public class CrossSiteConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CrossSiteConfiguration.class);

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

    /** A malformed path is the caller's mistake: 400, logged at DEBUG, never a 500 with a stack trace. */
    @Bean
    public RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> {
            LOG.debug("Rejected {} {}: {}", request.getMethod(), CrossSiteRequestGuard.printable(request.getRequestURI()),
                    e.getMessage());
            CrossSiteRequestGuard.writeJson(response, HttpServletResponse.SC_BAD_REQUEST, "malformed request: " + e.getMessage());
        };
    }
}
