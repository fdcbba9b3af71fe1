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

class TemplateConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void guestPageNameStandsForTheConfiguredTemplateOnTheClasspathOrOnDisk() throws Exception {
        Configuration shipped = new TemplateConfiguration()
                .templates("classpath:templates/guest-page.ftlh", new DefaultResourceLoader());
        assertThat(shipped.getTemplate(TemplateConfiguration.NAME)).isNotNull();

        Path edited = dir.resolve("my-page.ftlh");
        Files.writeString(edited, "<#ftl output_format=\"HTML\">Hello ${body.guest} ·");
        Configuration onDisk = new TemplateConfiguration()
                .templates("file:" + edited, new DefaultResourceLoader());
        StringWriter out = new StringWriter();
        onDisk.getTemplate(TemplateConfiguration.NAME).process(Map.of("body", Map.of("guest", "<Ava>")), out);
        assertThat(out.toString()).isEqualTo("Hello &lt;Ava&gt; ·");
        assertThat(onDisk.getTemplate(TemplateConfiguration.NAME))
                .as("parsed once, then cached").isSameAs(onDisk.getTemplate(TemplateConfiguration.NAME));
        // the board's and the manifest's templates come from the jar whatever the guest page's location
        assertThat(onDisk.getTemplate("status-board.ftlh").getOutputFormat().getName()).isEqualTo("HTML");
        assertThat(onDisk.getTemplate("manifest.ftlh")).isNotNull();
    }
}
