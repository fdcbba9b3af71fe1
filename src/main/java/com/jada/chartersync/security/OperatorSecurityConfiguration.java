package com.jada.chartersync.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may use the operator interface. With {@code charter.security.enabled} (every profile but {@code local},
 * which binds to loopback) the API, Hawtio, Jolokia and every actuator endpoint but health need HTTP basic
 * credentials, taken from the environment ({@code CHARTER_OPERATOR_USER}, {@code CHARTER_OPERATOR_PASSWORD});
 * the runtime refuses to start without them. Without credentials it refuses to start unless it listens on
 * loopback only. Nothing here is ever logged. Cross-site protection, for every profile: {@link CrossSiteConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class OperatorSecurityConfiguration {

    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    public UserDetailsService operators(@Value("${charter.security.enabled}") boolean enabled,
                                        @Value("${charter.security.operator-user:}") String user,
                                        @Value("${charter.security.operator-password:}") String password,
                                        @Value("${server.address:}") String serverAddress,
                                        @Value("${management.server.port:}") String managementPort,
                                        @Value("${management.server.address:}") String managementAddress,
                                        PasswordEncoder encoder) {
        if (!enabled) {
            requireLoopback("server.address", serverAddress);
            if (!managementPort.isBlank()) {
                requireLoopback("management.server.address", managementAddress);
            }
            // An explicit, empty user store: Spring Boot would otherwise invent a password and log it.
            return new InMemoryUserDetailsManager();
        }
        if (user.isBlank() || password.isBlank()) {
            throw new IllegalStateException("Operator credentials are required outside the local profile: set "
                    + "CHARTER_OPERATOR_USER and CHARTER_OPERATOR_PASSWORD in the environment (or run with the local profile)");
        }
        if (password.length() < 12) {
            throw new IllegalStateException("CHARTER_OPERATOR_PASSWORD must have at least 12 characters");
        }
        return new InMemoryUserDetailsManager(User.withUsername(user).password(encoder.encode(password)).roles("OPERATOR").build());
    }

    /** An open operator surface (Jolokia runs JMX operations) is only acceptable when nothing but this host can reach it. */
    static void requireLoopback(String property, String address) {
        boolean loopback;
        try {
            loopback = !address.isBlank() && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalStateException("charter.security.enabled=false is allowed only when the runtime listens on"
                    + " loopback: set " + property + "=127.0.0.1 (it is '" + address + "'), or switch security on with"
                    + " CHARTER_OPERATOR_USER and CHARTER_OPERATOR_PASSWORD");
        }
    }

    @Bean
    public SecurityFilterChain operatorChain(HttpSecurity http, @Value("${charter.security.enabled}") boolean enabled,
                                             @Value("${charter.calendar.push.path:/api/calendar/notifications}") String pushPath)
            throws Exception {
        // The JSON API, Hawtio and Jolokia are called with basic credentials by scripts: no CSRF tokens there. The
        // status board's forms are what a browser posts on its own, so they carry a CSRF token (every profile).
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/actuator/**", pushPath));
        if (!enabled) {
            http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
            return http.build();
        }
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // Google's push notifications carry no credentials: the channel's id and token protect the
                        // webhook instead (CalendarNotificationController); /api/** needs no CSRF token
                        .requestMatchers(HttpMethod.POST, pushPath).permitAll()
                        // the error page itself, so a refused request answers its real status (403), not 401
                        .requestMatchers("/error").permitAll()
                        .anyRequest().hasRole("OPERATOR"))
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }
}
