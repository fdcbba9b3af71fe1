package com.jada.chartersync.waiver;

import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.localcloud.dynamodb.DynaliteProcess;
import com.jada.chartersync.record.TableInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda deployment package as AWS Lambda would load it: only what is in the zip (classes at the root,
 * jars in lib/), the JDK below it, nothing of the runtime. The handler is built with its no-argument
 * constructor and configured the way Lambda configures it, and answers a verify against DynamoDB (dynalite,
 * with the waivers table and its index as {@code TableDefinitions} defines them).
 */
// ApacheHttpClient, deprecated for Apache5HttpClient: the same client as the runtime's (AwsClientsConfiguration)
@SuppressWarnings("deprecation")
class WaiverLambdaPackageIT {

    @TempDir
    Path unpacked;
    @TempDir
    Path data;

    @Test
    void deploymentPackageHoldsEverythingTheHandlerNeeds() throws Exception {
        Path zip = findPackage();
        unzip(zip, unpacked);
        List<URL> urls = new ArrayList<>();
        urls.add(unpacked.toUri().toURL());
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(unpacked.resolve("lib"), "*.jar")) {
            for (Path jar : jars) {
                urls.add(jar.toUri().toURL());
            }
        }
        try (DynaliteProcess dynamo = DynaliteProcess.start(Path.of("src/test/dynalite"), "127.0.0.1",
                SandboxPorts.freePort(), data.resolve("dynamodb"));
             DynamoDbClient seed = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + dynamo.port()))
                     .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))).build();
             URLClassLoader lambda = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            TableInitializer.ensureAll(seed, new CharterSyncProperties.Tables("jada-events", "jada-calendar-links",
                    "jada-dead-letters", "jada-waivers", "jada-sync-state", "jada-processed-events"));
            seed.putItem(b -> b.tableName("jada-events").item(Map.of("eventId", AttributeValue.fromS("quinn-saturday-2026-05-31"),
                    "waiverStatus", AttributeValue.fromS("pending"), "partySize", AttributeValue.fromN("4"))));

            // What Lambda's environment provides, as the SDK reads it (system properties stand in for env here).
            Map<String, String> lambdaEnv = Map.of("aws.region", "us-east-1", "aws.accessKeyId", "k",
                    "aws.secretAccessKey", "s", "aws.endpointUrl", "http://127.0.0.1:" + dynamo.port());
            lambdaEnv.forEach(System::setProperty);
            try {
                Class<?> handlerClass = lambda.loadClass("com.jada.chartersync.waiver.WaiverHandler");
                assertThat(handlerClass.getClassLoader()).isSameAs(lambda);
                String answer;
                String refusal;
                try {
                    Object handler = handlerClass.getConstructor().newInstance();
                    java.lang.reflect.Method handle = handlerClass.getMethod("handleRequest", Map.class,
                            lambda.loadClass("com.amazonaws.services.lambda.runtime.Context"));
                    answer = String.valueOf(handle.invoke(handler, Map.of("action", "verify", "eventId", "quinn-saturday-2026-05-31"), null));
                    // a refused submission runs the name rules, which must be in the package too
                    refusal = refusal(() -> handle.invoke(handler, Map.of("action", "submit", "eventId", "quinn-saturday-2026-05-31",
                            "participants", java.util.List.of(Map.of("name", "Quinn\nGuest: Mallory", "dateOfBirth", "2010-02-01"))), null));
                } catch (ReflectiveOperationException e) {
                    // Report as text: the failure's classes live in the package's class loader, closed below.
                    Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
                    throw new AssertionError("the packaged handler failed: " + cause);
                }
                assertThat(answer).contains("known=true", "waiverStatus=pending", "expected=4");
                assertThat(refusal).contains("WaiverRejectedException", "participants[0].name: must be a single line");
            } finally {
                lambdaEnv.keySet().forEach(System::clearProperty);
            }
        }
    }

    private interface Invocation {
        Object run() throws ReflectiveOperationException;
    }

    /** The exception the handler threw, as text (its class lives in the package's class loader). */
    private static String refusal(Invocation invocation) throws ReflectiveOperationException {
        try {
            return "no exception: " + invocation.run();
        } catch (java.lang.reflect.InvocationTargetException e) {
            return String.valueOf(e.getCause());
        }
    }

    static Path findPackage() throws IOException {
        try (DirectoryStream<Path> zips = Files.newDirectoryStream(Path.of("target"), "*-waiver-lambda.zip")) {
            for (Path z : zips) {
                return z;
            }
        }
        throw new IllegalStateException("no target/*-waiver-lambda.zip: run through mvn verify");
    }

    static void unzip(Path zip, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(z, target);
                }
            }
        }
    }

}
