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
        LocalCloud cloud = context.getBean(LocalCloud.class);
        Thread control = new Thread(() -> readLatencyCommands(cloud, file.resolveSibling("latency.now")),
                "local-cloud-latency-control");
        control.setDaemon(true);
        control.start();
    }

    /**
     * The delays can be changed while the local cloud runs, one line on its standard input each:
     * {@code latency <id> dynamodb=6ms s3=30ms calendar=150ms cloudfront=300ms lambda=40ms edge=40ms} (0 turns a
     * service's delay off; {@code jitter=0.2} sets the spread). Once applied, {@code latency.now} in the data
     * directory reads {@code <id> <delays in force>}. The relays in front of dynalite and S3Mock must exist
     * ({@code --charter.local.latency-relays=true}) for those two to be delayed.
     */
    static void readLatencyCommands(LocalCloud cloud, Path ack) {
        try (java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.strip().split("\\s+", 3);
                if (parts.length < 2 || !parts[0].equals("latency")) {
                    System.out.println("ignored (expected 'latency <id> service=duration ...'): " + line);
                    continue;
                }
                try {
                    cloud.latency().apply(parts.length > 2 ? parts[2] : "");
                    Files.writeString(ack, parts[1] + " " + cloud.latency() + "\n");
                    System.out.println("latency now " + cloud.latency() + " (relays: " + cloud.relays().keySet() + ")");
                } catch (RuntimeException e) {
                    System.out.println("latency refused: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            System.out.println("latency control ended: " + e);
        }
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
                "charter.pages.waiver-form-url", "charter.pages.photo-code-key", "charter.waiver.function",
                // on loopback, like the embedded default
                "server.address", "charter.security.enabled");
        return keys.stream().map(k -> "--" + k + "=" + env.getRequiredProperty(k)).toList();
    }
}
