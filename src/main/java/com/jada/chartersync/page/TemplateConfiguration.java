package com.jada.chartersync.page;

import freemarker.cache.URLTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.TemplateExceptionHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/**
 * The one FreeMarker configuration (bean {@code templates}): route {@code page-publish} renders the guest page
 * with it ({@code freemarker:guest-page}), the board and the dock manifest their pages. HTML output (auto-escaped),
 * UTF-8, errors thrown to the caller. Given a location with a scheme ({@code classpath:}, {@code file:}), Camel's
 * component would read and parse the template again for every page (that parsing was 15% of the pipeline
 * thread's CPU in a 1000-event cycle); here every template is parsed once and cached, and FreeMarker still
 * notices an edited {@code file:} copy (it checks the file's time stamp at most every 5 s).
 */
@Configuration(proxyBeanMethods = false)
public class TemplateConfiguration {

    /** The name route {@code page-publish} asks for; it stands for {@code charter.pages.template}. */
    public static final String NAME = "guest-page";

    @Bean
    public freemarker.template.Configuration templates(@Value("${charter.pages.template}") String location,
                                                       ResourceLoader resources) {
        Resource guestPage = resources.getResource(location);
        Resource shipped = resources.getResource("classpath:templates/");
        freemarker.template.Configuration configuration =
                new freemarker.template.Configuration(freemarker.template.Configuration.VERSION_2_3_34);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setOutputEncoding("UTF-8");
        configuration.setOutputFormat(HTMLOutputFormat.INSTANCE);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setLocalizedLookup(false);
        configuration.setTemplateLoader(new URLTemplateLoader() {
            @Override
            protected URL getURL(String name) {
                try {
                    if (NAME.equals(name)) {
                        return guestPage.exists() ? guestPage.getURL() : null;
                    }
                    // an <#include> of the guest page is read next to it; the board's and the manifest's are shipped
                    Resource beside = guestPage.createRelative(name);
                    Resource r = beside.exists() ? beside : shipped.createRelative(name);
                    return r.exists() ? r.getURL() : null;
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read template " + name + " (guest page at " + location + ")", e);
                }
            }
        });
        return configuration;
    }
}
