package com.jada.chartersync.page;

import freemarker.template.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GuestPageTemplateConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void guestPageNameStandsForTheConfiguredTemplateOnTheClasspathOrOnDisk() throws Exception {
        Configuration shipped = new GuestPageTemplateConfiguration()
                .guestPageTemplates("classpath:templates/guest-page.ftlh", new DefaultResourceLoader());
        assertThat(shipped.getTemplate(GuestPageTemplateConfiguration.NAME)).isNotNull();

        Path edited = dir.resolve("my-page.ftlh");
        Files.writeString(edited, "<#ftl output_format=\"HTML\">Hello ${body.guest} ·");
        Configuration onDisk = new GuestPageTemplateConfiguration()
                .guestPageTemplates("file:" + edited, new DefaultResourceLoader());
        StringWriter out = new StringWriter();
        onDisk.getTemplate(GuestPageTemplateConfiguration.NAME).process(Map.of("body", Map.of("guest", "<Ava>")), out);
        assertThat(out.toString()).isEqualTo("Hello &lt;Ava&gt; ·");
        assertThat(onDisk.getTemplate(GuestPageTemplateConfiguration.NAME))
                .as("parsed once, then cached").isSameAs(onDisk.getTemplate(GuestPageTemplateConfiguration.NAME));
    }
}
