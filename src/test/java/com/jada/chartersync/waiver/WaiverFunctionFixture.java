package com.jada.chartersync.waiver;

import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.localcloud.dynamodb.DynaliteProcess;
import com.jada.chartersync.localcloud.lambda.LambdaStandIn;
import com.jada.chartersync.record.TableInitializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The waiver function as the local cloud runs it, without the rest of the runtime: dynalite with the project's
 * tables, the real handler behind the Lambda stand-in (Invoke API and function URL), and an AWS SDK Lambda client.
 */
// ApacheHttpClient, deprecated for Apache5HttpClient: the same client as the runtime's (AwsClientsConfiguration)
@SuppressWarnings("deprecation")
public final class WaiverFunctionFixture implements AutoCloseable {

    public static final String GUARDIAN = "{\"name\":\"Pat Lee\",\"relationship\":\"parent\",\"signature\":\"Pat Lee\"}";
    private static final AtomicInteger CHARTERS = new AtomicInteger();

    private final Path data;
    private final DynaliteProcess dynalite;
    public final DynamoDbClient dynamo;
    private final LambdaStandIn standIn;
    public final LambdaClient lambda;
    private final HttpClient http = HttpClient.newHttpClient();

    public WaiverFunctionFixture() throws IOException {
        data = Files.createTempDirectory("waiver-function-");
        dynalite = DynaliteProcess.start(Path.of("src/test/dynalite"), "127.0.0.1", SandboxPorts.freePort(), data.resolve("db"));
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"));
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + dynalite.port()))
                .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create()).credentialsProvider(credentials).build();
        TableInitializer.ensureAll(dynamo, new CharterSyncProperties.Tables("jada-events", "jada-calendar-links",
                "jada-dead-letters", "jada-waivers", "jada-sync-state", "jada-processed-events"));
        standIn = new LambdaStandIn("jada-waiver", "/waiver",
                new WaiverHandler(new WaiverService(dynamo, "jada-events", "jada-waivers"))).start("127.0.0.1", 0);
        lambda = LambdaClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + standIn.port()))
                .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create()).credentialsProvider(credentials).build();
    }

    /** A record for a charter on {@code date} with a party of {@code party}, as the sync writes it; answers its id. */
    public String charter(String guest, String date, int party) {
        String eventId = guest.toLowerCase(java.util.Locale.ROOT) + "-" + CHARTERS.incrementAndGet() + "-" + date;
        dynamo.putItem(b -> b.tableName("jada-events").item(Map.of("eventId", AttributeValue.fromS(eventId),
                "eventDate", AttributeValue.fromS(date), "guestName", AttributeValue.fromS(guest),
                "waiverStatus", AttributeValue.fromS("pending"), "partySize", AttributeValue.fromN(Integer.toString(party)))));
        return eventId;
    }

    public InvokeResponse invoke(String payload) {
        return lambda.invoke(b -> b.functionName("jada-waiver").payload(SdkBytes.fromUtf8String(payload)));
    }

    public static String submit(String eventId, String participants, String guardian) {
        return "{\"action\":\"submit\",\"eventId\":\"" + eventId + "\",\"participants\":[" + participants + "],"
                + "\"signature\":\"Pat Lee\",\"acceptedTerms\":true" + (guardian == null ? "" : ",\"guardian\":" + guardian) + "}";
    }

    public static String person(String name, String dateOfBirth) {
        return "{\"name\":\"" + name + "\",\"dateOfBirth\":\"" + dateOfBirth + "\"}";
    }

    /** The function URL of the form for {@code eventId}. */
    public String formUrl(String eventId) {
        return "http://127.0.0.1:" + standIn.port() + "/waiver?eventId=" + eventId;
    }

    public HttpResponse<String> formPost(String eventId, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(formUrl(eventId)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("eventId=" + eventId + "&" + form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The waivers stored for {@code eventId}, from the index the verify counts on. */
    public List<Map<String, AttributeValue>> waivers(String eventId) {
        return dynamo.queryPaginator(b -> b.tableName("jada-waivers").indexName(WaiverService.EVENT_INDEX)
                .keyConditionExpression("eventId = :e")
                .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(eventId)))).items().stream().toList();
    }

    public Map<String, AttributeValue> record(String eventId) {
        return dynamo.getItem(b -> b.tableName("jada-events").key(Map.of("eventId", AttributeValue.fromS(eventId)))
                .consistentRead(true)).item();
    }

    @Override
    public void close() {
        lambda.close();
        standIn.close();
        dynamo.close();
        dynalite.close();
    }
}
