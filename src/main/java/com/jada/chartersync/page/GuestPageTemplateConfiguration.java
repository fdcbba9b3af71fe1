package com.jada.chartersync.page;

import freemarker.cache.URLTemplateLoader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/**
 * The FreeMarker configuration route {@code page-publish} renders with ({@code freemarker:guest-page}). Given a
 * location with a scheme ({@code classpath:}, {@code file:}), Camel's component would read and parse the
 * template again for every page (that parsing was 15% of the pipeline thread's CPU in a 1000-event cycle);
 * through this configuration the template is parsed once and cached, and FreeMarker still notices an edited
 * {@code file:} copy (it checks the file's time stamp at most every 5 s).
 */
@Configuration(proxyBeanMethods = false)
public class GuestPageTemplateConfiguration {

    /** The name route {@code page-publish} asks for; it stands for {@code charter.pages.template}. */
    public static final String NAME = "guest-page";

    @Bean
    public freemarker.template.Configuration guestPageTemplates(@Value("${charter.pages.template}") String location,
                                                                 ResourceLoader resources) {
        Resource template = resources.getResource(location);
        freemarker.template.Configuration configuration =
                new freemarker.template.Configuration(freemarker.template.Configuration.VERSION_2_3_34);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setLocalizedLookup(false);
        configuration.setTemplateLoader(new URLTemplateLoader() {
            @Override
            protected URL getURL(String name) {
                try {
                    // other names (an <#include>) are read next to the template
                    Resource r = NAME.equals(name) ? template : template.createRelative(name);
                    return r.exists() ? r.getURL() : null;
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read guest page template " + name + " at " + location, e);
                }
            }
        });
        return configuration;
    }
}
