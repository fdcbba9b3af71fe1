package com.jada.chartersync.standin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.jada.chartersync.standin.StandInHttp;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;

/**
 * A small DynamoDB stand-in speaking the DynamoDB JSON 1.0 wire protocol ({@code X-Amz-Target}) over HTTP,
 * so the AWS SDK v2, Camel's aws2-ddb component and the AWS CLI work against it unchanged.
 *
 * <p>Why not DynamoDB Local: its licence is the vendor's own, not open source, and this workplace does not
 * allow it. This serves the operations the runtime and an operator use (tables, Get/Put/Update/Delete item,
 * Scan, Query, BatchGetItem) with condition, filter and update expressions, one shared database for every
 * access key and region (like DynamoDB Local's {@code -sharedDb}), and a JSON snapshot on disk.
 */
public final class DynamoDbStandIn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStandIn.class);
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final long MIN_FLUSH_DELAY_MS = 200;
    private static final long FLUSH_COST_FACTOR = 10;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Path snapshot;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final ScheduledThreadPoolExecutor flusher = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "ddb-standin-flush");
        t.setDaemon(true);
        return t;
    });
    private HttpServer server;

    public DynamoDbStandIn(Path dataDir) {
        this.snapshot = dataDir == null ? null : dataDir.resolve("tables.json");
        flusher.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public DynamoDbStandIn start(String host, int port) throws IOException {
        load();
        server = StandInHttp.create(host, port, "ddb-standin", 8);
        server.createContext("/", this::handle);
        server.start();
        if (snapshot != null) {
            flusher.schedule(this::flushAndReschedule, MIN_FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        // let a snapshot in progress finish (no interrupt), drop the next one: the flush below is the last
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void handle(HttpExchange http) throws IOException {
        byte[] answer;
        int status = 200;
        try (InputStream in = http.getRequestBody()) {
            String target = http.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(http.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                throw new DdbException("UnknownOperationException", "Expected a POST with X-Amz-Target " + TARGET_PREFIX + "*");
            }
            JsonNode request = json.readTree(in.readAllBytes());
            JsonNode result = dispatch(target.substring(TARGET_PREFIX.length()), request == null ? json.createObjectNode() : request);
            answer = json.writeValueAsBytes(result);
        } catch (DdbException e) {
            status = 400;
            ObjectNode err = json.createObjectNode();
            err.put("__type", e.type());
            err.put("message", e.getMessage());
            answer = json.writeValueAsBytes(err);
        } catch (RuntimeException | IOException e) {
            LOG.warn("DynamoDB stand-in failed on a request", e);
            status = 500;
            ObjectNode err = json.createObjectNode();
            err.put("__type", "com.amazonaws.dynamodb.v20120810#InternalServerError");
            err.put("message", String.valueOf(e.getMessage()));
            answer = json.writeValueAsBytes(err);
        }
        CRC32 crc = new CRC32();
        crc.update(answer);
        http.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        http.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        http.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        http.sendResponseHeaders(status, answer.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(answer);
        }
    }

    private synchronized JsonNode dispatch(String op, JsonNode req) {
        return switch (op) {
            case "CreateTable" -> createTable(req);
            case "DescribeTable" -> wrap("Table", describe(table(req)));
            case "ListTables" -> listTables();
            case "DeleteTable" -> deleteTable(req);
            case "PutItem" -> putItem(req);
            case "GetItem" -> getItem(req);
            case "DeleteItem" -> deleteItem(req);
            case "UpdateItem" -> updateItem(req);
            case "Scan" -> scan(req, false);
            case "Query" -> scan(req, true);
            case "BatchGetItem" -> batchGet(req);
            case "DescribeTimeToLive" -> wrap("TimeToLiveDescription", json.createObjectNode().put("TimeToLiveStatus", "DISABLED"));
            case "DescribeEndpoints" -> describeEndpoints();
            default -> throw new DdbException("UnknownOperationException", "Operation not served by the local stand-in: " + op);
        };
    }

    // ---- tables --------------------------------------------------------------------------------

    private JsonNode createTable(JsonNode req) {
        String name = req.path("TableName").asText();
        if (tables.containsKey(name)) {
            throw DdbException.inUse(name);
        }
        Table t = new Table();
        t.name = name;
        t.keySchema = (ArrayNode) req.path("KeySchema");
        t.attributeDefinitions = (ArrayNode) req.path("AttributeDefinitions");
        t.created = Instant.now().getEpochSecond();
        for (JsonNode k : t.keySchema) {
            if ("HASH".equals(k.path("KeyType").asText())) {
                t.hashKey = k.path("AttributeName").asText();
            } else {
                t.rangeKey = k.path("AttributeName").asText();
            }
        }
        if (t.hashKey == null) {
            throw new DdbException.Validation("KeySchema needs a HASH key");
        }
        tables.put(name, t);
        dirty.set(true);
        return wrap("TableDescription", describe(t));
    }

    private ObjectNode describe(Table t) {
        ObjectNode d = json.createObjectNode();
        d.put("TableName", t.name);
        d.put("TableStatus", "ACTIVE");
        d.put("TableArn", "arn:aws:dynamodb:us-east-1:000000000000:table/" + t.name);
        d.put("CreationDateTime", t.created);
        d.put("ItemCount", t.items.size());
        d.put("TableSizeBytes", 0);
        d.set("KeySchema", t.keySchema);
        d.set("AttributeDefinitions", t.attributeDefinitions);
        d.set("BillingModeSummary", json.createObjectNode().put("BillingMode", "PAY_PER_REQUEST"));
        d.set("ProvisionedThroughput", json.createObjectNode().put("ReadCapacityUnits", 0).put("WriteCapacityUnits", 0)
                .put("NumberOfDecreasesToday", 0));
        return d;
    }

    private JsonNode listTables() {
        ObjectNode out = json.createObjectNode();
        ArrayNode names = out.putArray("TableNames");
        tables.keySet().forEach(names::add);
        return out;
    }

    private JsonNode deleteTable(JsonNode req) {
        Table t = table(req);
        tables.remove(t.name);
        dirty.set(true);
        return wrap("TableDescription", describe(t));
    }

    private JsonNode describeEndpoints() {
        ObjectNode out = json.createObjectNode();
        out.putArray("Endpoints").addObject().put("Address", "localhost").put("CachePeriodInMinutes", 1440);
        return out;
    }

    // ---- items ---------------------------------------------------------------------------------

    private JsonNode putItem(JsonNode req) {
        Table t = table(req);
        Map<String, JsonNode> item = toMap(req.path("Item"));
        String key = t.keyOf(item);
        Map<String, JsonNode> existing = t.items.get(key);
        checkCondition(req, existing);
        t.items.put(key, item);
        dirty.set(true);
        return returnOld(req, existing);
    }

    private JsonNode getItem(JsonNode req) {
        Table t = table(req);
        Map<String, JsonNode> item = t.items.get(t.keyOf(toMap(req.path("Key"))));
        ObjectNode out = json.createObjectNode();
        if (item != null) {
            out.set("Item", toNode(item));
        }
        return out;
    }

    private JsonNode deleteItem(JsonNode req) {
        Table t = table(req);
        String key = t.keyOf(toMap(req.path("Key")));
        Map<String, JsonNode> existing = t.items.get(key);
        checkCondition(req, existing);
        t.items.remove(key);
        dirty.set(true);
        return returnOld(req, existing);
    }

    private JsonNode updateItem(JsonNode req) {
        Table t = table(req);
        Map<String, JsonNode> keyAttrs = toMap(req.path("Key"));
        String key = t.keyOf(keyAttrs);
        Map<String, JsonNode> existing = t.items.get(key);
        checkCondition(req, existing);
        Map<String, JsonNode> updated = existing == null ? new LinkedHashMap<>(keyAttrs) : new LinkedHashMap<>(existing);
        if (req.hasNonNull("UpdateExpression")) {
            DdbExpression.applyUpdate(req.get("UpdateExpression").asText(), req.get("ExpressionAttributeNames"),
                    req.get("ExpressionAttributeValues"), updated);
        } else if (req.has("AttributeUpdates")) {
            Iterator<Map.Entry<String, JsonNode>> it = req.get("AttributeUpdates").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if ("DELETE".equals(e.getValue().path("Action").asText())) {
                    updated.remove(e.getKey());
                } else {
                    updated.put(e.getKey(), e.getValue().get("Value"));
                }
            }
        }
        for (String k : keyAttrs.keySet()) {
            if (!keyAttrs.get(k).equals(updated.get(k))) {
                throw new DdbException.Validation("Cannot update attribute " + k + ". This attribute is part of the key");
            }
        }
        t.items.put(key, updated);
        dirty.set(true);
        String rv = req.path("ReturnValues").asText("NONE");
        ObjectNode out = json.createObjectNode();
        if ("ALL_NEW".equals(rv)) {
            out.set("Attributes", toNode(updated));
        } else if ("ALL_OLD".equals(rv) && existing != null) {
            out.set("Attributes", toNode(existing));
        }
        return out;
    }

    private JsonNode scan(JsonNode req, boolean query) {
        Table t = table(req);
        JsonNode names = req.get("ExpressionAttributeNames");
        JsonNode values = req.get("ExpressionAttributeValues");
        String filter = req.path("FilterExpression").asText(null);
        String keyCondition = query ? req.path("KeyConditionExpression").asText(null) : null;
        if (query && keyCondition == null) {
            throw new DdbException.Validation("Query needs a KeyConditionExpression");
        }
        if (req.has("IndexName")) {
            throw new DdbException.Validation("Secondary indexes are not served by the local stand-in");
        }
        int limit = req.path("Limit").asInt(Integer.MAX_VALUE);
        String startAfter = req.has("ExclusiveStartKey") ? t.keyOf(toMap(req.get("ExclusiveStartKey"))) : null;
        boolean started = startAfter == null;
        ArrayNode items = json.createArrayNode();
        int scanned = 0;
        String lastKey = null;
        for (Map.Entry<String, Map<String, JsonNode>> e : t.items.entrySet()) {
            if (!started) {
                started = e.getKey().equals(startAfter);
                continue;
            }
            if (scanned >= limit) {
                break;
            }
            Map<String, JsonNode> item = e.getValue();
            if (keyCondition != null && !DdbExpression.evaluateCondition(keyCondition, names, values, item)) {
                continue;
            }
            scanned++;
            lastKey = e.getKey();
            if (DdbExpression.evaluateCondition(filter, names, values, item)) {
                items.add(toNode(item));
            }
        }
        ObjectNode out = json.createObjectNode();
        if ("COUNT".equals(req.path("Select").asText())) {
            out.put("Count", items.size());
        } else {
            out.set("Items", items);
            out.put("Count", items.size());
        }
        out.put("ScannedCount", scanned);
        if (scanned >= limit && lastKey != null && !lastKey.equals(lastKeyOf(t))) {
            out.set("LastEvaluatedKey", toNode(t.keyAttributes(t.items.get(lastKey))));
        }
        return out;
    }

    private JsonNode batchGet(JsonNode req) {
        ObjectNode out = json.createObjectNode();
        ObjectNode responses = out.putObject("Responses");
        out.putObject("UnprocessedKeys");
        Iterator<Map.Entry<String, JsonNode>> it = req.path("RequestItems").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Table t = tables.get(e.getKey());
            if (t == null) {
                throw DdbException.notFound(e.getKey());
            }
            ArrayNode found = responses.putArray(e.getKey());
            for (JsonNode k : e.getValue().path("Keys")) {
                Map<String, JsonNode> item = t.items.get(t.keyOf(toMap(k)));
                if (item != null) {
                    found.add(toNode(item));
                }
            }
        }
        return out;
    }

    private static String lastKeyOf(Table t) {
        String last = null;
        for (String k : t.items.keySet()) {
            last = k;
        }
        return last;
    }

    private void checkCondition(JsonNode req, Map<String, JsonNode> existing) {
        String condition = req.path("ConditionExpression").asText(null);
        Map<String, JsonNode> subject = existing == null ? Map.of() : existing;
        if (condition != null && !DdbExpression.evaluateCondition(condition, req.get("ExpressionAttributeNames"),
                req.get("ExpressionAttributeValues"), subject)) {
            throw DdbException.conditionFailed();
        }
        if (req.has("Expected")) {
            Iterator<Map.Entry<String, JsonNode>> it = req.get("Expected").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode actual = subject.get(e.getKey());
                JsonNode rule = e.getValue();
                boolean ok;
                if (rule.has("Exists") && !rule.get("Exists").asBoolean()) {
                    ok = actual == null;
                } else if (rule.has("Value")) {
                    ok = actual != null && DdbExpression.equal(actual, rule.get("Value"));
                } else {
                    ok = actual != null;
                }
                if (!ok) {
                    throw DdbException.conditionFailed();
                }
            }
        }
    }

    private JsonNode returnOld(JsonNode req, Map<String, JsonNode> existing) {
        ObjectNode out = json.createObjectNode();
        if ("ALL_OLD".equals(req.path("ReturnValues").asText()) && existing != null) {
            out.set("Attributes", toNode(existing));
        }
        return out;
    }

    private Table table(JsonNode req) {
        String name = req.path("TableName").asText();
        Table t = tables.get(name);
        if (t == null) {
            throw DdbException.notFound(name);
        }
        return t;
    }

    private ObjectNode wrap(String field, JsonNode value) {
        ObjectNode out = json.createObjectNode();
        out.set(field, value);
        return out;
    }

    private static Map<String, JsonNode> toMap(JsonNode node) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    private ObjectNode toNode(Map<String, JsonNode> item) {
        ObjectNode node = json.createObjectNode();
        item.forEach(node::set);
        return node;
    }

    // ---- persistence ---------------------------------------------------------------------------

    private synchronized void load() throws IOException {
        if (snapshot == null || !Files.exists(snapshot)) {
            return;
        }
        JsonNode root = json.readTree(snapshot.toFile());
        for (JsonNode tn : root.path("tables")) {
            Table t = new Table();
            t.name = tn.path("name").asText();
            t.keySchema = (ArrayNode) tn.path("keySchema");
            t.attributeDefinitions = (ArrayNode) tn.path("attributeDefinitions");
            t.hashKey = tn.path("hashKey").asText();
            t.rangeKey = tn.hasNonNull("rangeKey") ? tn.get("rangeKey").asText() : null;
            t.created = tn.path("created").asLong();
            for (JsonNode item : tn.path("items")) {
                Map<String, JsonNode> m = toMap(item);
                t.items.put(t.keyOf(m), m);
            }
            tables.put(t.name, t);
        }
        LOG.info("DynamoDB stand-in loaded {} tables from {}", tables.size(), snapshot);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            dirty.set(true);
            LOG.warn("DynamoDB stand-in could not write its snapshot {}", snapshot, e);
        }
    }

    /**
     * Writes the snapshot, then waits at least {@value #FLUSH_COST_FACTOR} times as long as that took before the
     * next one: a snapshot costs time proportional to the data, so a fixed period would make every request pay
     * more the bigger the tables grow (quadratic over a large cycle). Persistence overhead stays bounded instead.
     */
    private void flushAndReschedule() {
        long started = System.nanoTime();
        flushQuietly();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        try {
            flusher.schedule(this::flushAndReschedule, Math.max(MIN_FLUSH_DELAY_MS, tookMs * FLUSH_COST_FACTOR),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // close() flushes one last time
        }
    }

    private void flush() throws IOException {
        if (snapshot == null || !dirty.getAndSet(false)) {
            return;
        }
        // Under the lock only the references are taken: stored items are never changed in place (put and update
        // store a new map), so they are serialized afterwards without holding up requests.
        List<Table> copies = new ArrayList<>();
        synchronized (this) {
            for (Table t : tables.values()) {
                Table copy = new Table();
                copy.name = t.name;
                copy.keySchema = t.keySchema;
                copy.attributeDefinitions = t.attributeDefinitions;
                copy.hashKey = t.hashKey;
                copy.rangeKey = t.rangeKey;
                copy.created = t.created;
                copy.items.putAll(t.items);
                copies.add(copy);
            }
        }
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("tables");
        for (Table t : copies) {
            ObjectNode tn = list.addObject();
            tn.put("name", t.name);
            tn.set("keySchema", t.keySchema);
            tn.set("attributeDefinitions", t.attributeDefinitions);
            tn.put("hashKey", t.hashKey);
            tn.put("rangeKey", t.rangeKey);
            tn.put("created", t.created);
            ArrayNode items = tn.putArray("items");
            t.items.values().forEach(i -> items.add(toNode(i)));
        }
        byte[] bytes = json.writeValueAsBytes(root);
        Files.createDirectories(snapshot.getParent());
        Path tmp = snapshot.resolveSibling("tables.json.tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, snapshot, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static final class Table {
        String name;
        String hashKey;
        String rangeKey;
        ArrayNode keySchema;
        ArrayNode attributeDefinitions;
        long created;
        final Map<String, Map<String, JsonNode>> items = new LinkedHashMap<>();

        String keyOf(Map<String, JsonNode> item) {
            JsonNode h = item.get(hashKey);
            if (h == null) {
                throw new DdbException.Validation("One of the required keys was not given a value: " + hashKey);
            }
            if (rangeKey == null) {
                return h.toString();
            }
            JsonNode r = item.get(rangeKey);
            if (r == null) {
                throw new DdbException.Validation("One of the required keys was not given a value: " + rangeKey);
            }
            return h + "\u0000" + r;
        }

        Map<String, JsonNode> keyAttributes(Map<String, JsonNode> item) {
            Map<String, JsonNode> key = new LinkedHashMap<>();
            key.put(hashKey, item.get(hashKey));
            if (rangeKey != null) {
                key.put(rangeKey, item.get(rangeKey));
            }
            return key;
        }
    }

}
