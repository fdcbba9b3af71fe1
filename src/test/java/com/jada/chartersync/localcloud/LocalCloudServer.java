package com.jada.chartersync.localcloud;

import com.jada.chartersync.config.CharterSyncProperties;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The local cloud on its own, without the runtime: every stand-in on its local address, seeded, until the process
 * is stopped. The packaged product can then be pointed at it from another process (the benchmark does):
 * <pre>
 * java -cp &lt;test classpath&gt; com.jada.chartersync.localcloud.LocalCloudServer --charter.local.data-dir=/tmp/lc
 * java -jar target/charter-sync-*.jar $(cat /tmp/lc/product.args)
 * </pre>
 * {@code product.args} in the data directory holds the settings the product needs to use this local cloud.
 * Not a {@code @Configuration}, so the runtime's tests, which scan test sources, never pick it up.
 */
@EnableConfigurationProperties(CharterSyncProperties.class)
@Import(LocalCloudConfiguration.class)
public class LocalCloudServer {

    public static void main(String[] args) throws IOException {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LocalCloudServer.class)
                .web(WebApplicationType.NONE)
                .profiles("local")
                .run(args);
        Environment env = context.getEnvironment();
        Path file = Path.of(env.getRequiredProperty("charter.local.data-dir")).toAbsolutePath().resolve("product.args");
        Files.write(file, productArguments(env));
        System.out.println("local cloud ready; product settings in " + file);
    }

    /** What the product needs to talk to this local cloud instead of AWS and Google (no profile involved). */
    static List<String> productArguments(Environment env) {
        List<String> keys = List.of("charter.calendar.id", "charter.calendar.auth", "charter.calendar.root-url",
                "charter.calendar.token-url", "charter.calendar.auth-url", "charter.calendar.ical-url",
                "charter.calendar.window-start", "charter.calendar.window-end",
                "camel.component.google-calendar.client-id", "camel.component.google-calendar.client-secret",
                "camel.component.google-calendar.refresh-token",
                "charter.aws.dynamodb-endpoint", "charter.aws.s3-endpoint", "charter.aws.cloudfront-endpoint",
                "charter.aws.lambda-endpoint", "charter.aws.path-style", "charter.aws.create-tables",
                "charter.aws.access-key", "charter.aws.secret-key",
                "charter.pages.bucket", "charter.pages.distribution-id", "charter.pages.edge-url",
                "charter.pages.waiver-form-url", "charter.waiver.function",
                // on loopback, like the embedded default
                "server.address", "charter.security.enabled");
        return keys.stream().map(k -> "--" + k + "=" + env.getRequiredProperty(k)).toList();
    }
}
