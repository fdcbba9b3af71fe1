package com.jada.chartersync.infra;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a runtime started with some environment variables sees: the product's application.yaml (its default
 * document, whose placeholders name the variables, e.g. {@code ${CHARTER_EDGE_URL:}}) under those variables, as
 * Spring resolves them. What {@code RequiredSettings} is asked about.
 */
public final class RuntimeEnvironment {

    private RuntimeEnvironment() {
    }

    public static ConfigurableEnvironment with(Map<String, ?> variables) {
        ConfigurableEnvironment env = new AbstractEnvironment() {
        };
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("variables", new LinkedHashMap<>(variables)));
        env.getPropertySources().addLast(new MapPropertySource("application.yaml", applicationYaml()));
        return env;
    }

    private static Map<String, Object> applicationYaml() {
        try {
            var documents = new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"));
            EnumerablePropertySource<?> defaults = (EnumerablePropertySource<?>) documents.get(0);
            Map<String, Object> values = new LinkedHashMap<>();
            for (String name : defaults.getPropertyNames()) {
                values.put(name, String.valueOf(defaults.getProperty(name)));
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
