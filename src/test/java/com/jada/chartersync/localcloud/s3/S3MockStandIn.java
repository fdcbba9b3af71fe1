package com.jada.chartersync.localcloud.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * S3Mock (Adobe, Apache-2.0) as the S3 of the embedded default, in its own Spring context that is kept apart
 * from the app's: it reads none of the app's configuration files, none of the app's auto-configuration
 * (Camel, actuator, security, Hawtio) runs in it, and it leaves the JVM's logging set-up alone.
 */
public final class S3MockStandIn implements AutoCloseable {

    private static final List<String> FOREIGN_AUTOCONFIG = List.of("org.apache.camel.", "io.hawt.", "org.jolokia.",
            "org.springframework.boot.actuate.", "org.springframework.boot.autoconfigure.security.",
            "org.springframework.boot.autoconfigure.jmx.");

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private ConfigurableApplicationContext context;

    public S3MockStandIn start(int httpPort, Path root, List<String> initialBuckets) {
        Map<String, Object> props = new HashMap<>();
        props.put("spring.config.location", "optional:classpath:/localcloud/s3mock-does-not-read-app-config.properties");
        props.put("spring.autoconfigure.exclude", String.join(",", foreignAutoConfigurations()));
        props.put("spring.jmx.enabled", "false");
        props.put("spring.main.lazy-initialization", "true");
        props.put("management.endpoints.web.discovery.enabled", "false");
        props.put("server.tomcat.max-swallow-size", "10MB");
        props.put("server.address", LOOPBACK.getHostAddress());
        props.put("server.port", "0");
        props.put("com.adobe.testing.s3mock.httpPort", Integer.toString(httpPort));
        props.put("com.adobe.testing.s3mock.region", "us-east-1");
        props.put("com.adobe.testing.s3mock.store.root", root.toAbsolutePath().toString());
        props.put("com.adobe.testing.s3mock.store.retainFilesOnExit", "true");
        props.put("com.adobe.testing.s3mock.store.initialBuckets", String.join(",", initialBuckets));
        props.put("server.ssl.key-store", S3MockApplication.DEFAULT_SERVER_SSL_KEY_STORE);
        props.put("server.ssl.key-store-password", S3MockApplication.DEFAULT_SERVER_SSL_KEY_STORE_PASSWORD);
        props.put("server.ssl.key-alias", S3MockApplication.DEFAULT_SERVER_SSL_KEY_ALIAS);
        props.put("server.ssl.key-password", S3MockApplication.DEFAULT_SERVER_SSL_KEY_PASSWORD);
        props.put("logging.level.com.adobe.testing.s3mock", "WARN");
        SpringApplication app = new SpringApplicationBuilder(S3MockApplication.class)
                .properties(props)
                .bannerMode(Banner.Mode.OFF)
                .web(WebApplicationType.SERVLET)
                .registerShutdownHook(false)
                .logStartupInfo(false)
                .initializers(c -> c.getBeanFactory().registerSingleton("s3MockHttpOnLoopback", new HttpConnectorOnLoopback()))
                .build();
        app.setListeners(app.getListeners().stream().filter(l -> !(l instanceof LoggingApplicationListener)).toList());
        // as arguments too, which outrank SPRING_APPLICATION_JSON: the runtime's settings there (its server.port)
        // are not S3Mock's
        context = app.run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        return this;
    }

    /**
     * S3Mock rewrites a bucket's metadata file in place; a process killed mid-write (kill -9) can leave it empty,
     * and S3Mock then answers 500 for that bucket forever. Such a bucket is started afresh (its pages are
     * republished by the next reconcile) rather than leaving the local cloud unable to serve S3.
     */
    public static void repairAfterCrash(Path root) {
        if (!java.nio.file.Files.isDirectory(root)) {
            return;
        }
        try (var buckets = java.nio.file.Files.list(root)) {
            for (Path bucket : buckets.toList()) {
                Path meta = bucket.resolve("bucketMetadata.json");
                if (java.nio.file.Files.exists(meta) && java.nio.file.Files.size(meta) == 0) {
                    org.slf4j.LoggerFactory.getLogger(S3MockStandIn.class).warn(
                            "S3 bucket {} was left with empty metadata by a crash: starting it afresh", bucket.getFileName());
                    org.springframework.util.FileSystemUtils.deleteRecursively(bucket);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }

    /**
     * S3Mock serves plain HTTP on an extra Tomcat connector of its own ({@code com.adobe.testing.s3mock.httpPort},
     * built in {@code S3MockConfiguration.createHttpConnector}) with no address set, so it listened on every
     * interface while {@code server.address} bound only its HTTPS connector. This binds the extra ones to loopback.
     */
    static final class HttpConnectorOnLoopback implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            for (Connector connector : factory.getAdditionalTomcatConnectors()) {
                if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                    protocol.setAddress(LOOPBACK);
                } else {
                    throw new IllegalStateException("cannot bind S3Mock's connector " + connector + " to loopback");
                }
            }
        }
    }

    /** Every auto-configuration on the classpath that belongs to the app rather than to S3Mock. */
    static List<String> foreignAutoConfigurations() {
        List<String> out = new ArrayList<>();
        try {
            Enumeration<URL> files = S3MockStandIn.class.getClassLoader().getResources(
                    "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
            while (files.hasMoreElements()) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(files.nextElement().openStream(),
                        StandardCharsets.UTF_8))) {
                    r.lines().map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .filter(l -> FOREIGN_AUTOCONFIG.stream().anyMatch(l::startsWith))
                            .forEach(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
