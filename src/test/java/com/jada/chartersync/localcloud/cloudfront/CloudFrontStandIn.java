package com.jada.chartersync.localcloud.cloudfront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.jada.chartersync.localcloud.StandInHttp;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CloudFront for the embedded default: the invalidation REST API (2020-05-31, XML, as the AWS SDK and
 * {@code aws cloudfront} speak it) and an edge that serves the bucket's objects and caches them like a
 * distribution would, until a TTL runs out or an invalidation covers the path. So a page changed in S3 but
 * not invalidated is served stale, which is exactly the drift the runtime must prevent.
 */
public final class CloudFrontStandIn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CloudFrontStandIn.class);
    private static final String NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

    private final ObjectMapper json = new ObjectMapper();
    private final String distributionId;
    private final URI origin;
    private final Duration ttl;
    private final Path stateFile;
    private final List<Invalidation> invalidations = new ArrayList<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer api;
    private HttpServer edge;

    /**
     * @param origin the bucket's base URL, path-style (e.g. http://localhost:9090/jada-guest-pages)
     */
    public CloudFrontStandIn(String distributionId, URI origin, Duration ttl, Path dataDir) {
        this.distributionId = distributionId;
        this.origin = origin;
        this.ttl = ttl;
        this.stateFile = dataDir == null ? null : dataDir.resolve("invalidations.json");
    }

    /** Delays per control-plane call ({@code cloudfront}) and per edge request ({@code edge}); none unless set. */
    public CloudFrontStandIn latency(com.jada.chartersync.localcloud.latency.Latency latency) {
        this.latency = latency;
        return this;
    }

    private com.jada.chartersync.localcloud.latency.Latency latency = com.jada.chartersync.localcloud.latency.Latency.none();

    public CloudFrontStandIn start(String host, int apiPort, int edgePort) throws IOException {
        load();
        api = StandInHttp.create(host, apiPort, "cloudfront-api", 2);
        api.createContext("/2020-05-31/distribution/", latency.delayed("cloudfront", this::handleApi));
        api.createContext("/2020-05-31/distribution", latency.delayed("cloudfront", this::handleDistributions));
        api.start();
        edge = StandInHttp.create(host, edgePort, "cloudfront-edge", 8);
        edge.createContext("/", latency.delayed("edge", this::handleEdge));
        edge.start();
        return this;
    }

    public int apiPort() {
        return api.getAddress().getPort();
    }

    public int edgePort() {
        return edge.getAddress().getPort();
    }

    @Override
    public void close() {
        if (api != null) {
            api.stop(0);
        }
        if (edge != null) {
            edge.stop(0);
        }
    }

    // ---- distributions (as an emulator: each created one gets a generated id) --------------------

    /** Created distributions: id → comment. All of them front the same bucket through the same edge. */
    private final java.util.Map<String, String> created = new java.util.concurrent.ConcurrentHashMap<>();

    private void handleDistributions(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!x.getRequestURI().getPath().equals("/2020-05-31/distribution")) {
                error(x, 404, "NoSuchResource", "The specified resource does not exist.");
            } else if ("POST".equals(x.getRequestMethod())) {
                String comment = text(body, "Comment");
                if (text(body, "CallerReference").isEmpty() || text(body, "Enabled").isEmpty()) {
                    error(x, 400, "MalformedInput", "DistributionConfig needs CallerReference and Enabled");
                    return;
                }
                String id = "E" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36).toUpperCase();
                created.put(id, comment);
                x.getResponseHeaders().set("ETag", "E1" + id);
                x.getResponseHeaders().set("Location", "http://" + x.getRequestHeaders().getFirst("Host")
                        + "/2020-05-31/distribution/" + id);
                reply(x, 201, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Distribution xmlns=\"" + NS + "\">"
                        + summaryFields(id, comment) + "<InProgressInvalidationBatches>0</InProgressInvalidationBatches>"
                        + "<DistributionConfig>" + config(body) + "</DistributionConfig></Distribution>");
            } else if ("GET".equals(x.getRequestMethod())) {
                StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DistributionList xmlns=\""
                        + NS + "\"><Marker></Marker><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated><Quantity>")
                        .append(created.size()).append("</Quantity>");
                if (!created.isEmpty()) {
                    sb.append("<Items>");
                    created.forEach((id, comment) -> sb.append("<DistributionSummary>").append(summaryFields(id, comment))
                            .append("<Comment>").append(xml(comment)).append("</Comment><Enabled>true</Enabled>")
                            .append("</DistributionSummary>"));
                    sb.append("</Items>");
                }
                reply(x, 200, sb.append("</DistributionList>").toString());
            } else {
                error(x, 405, "MethodNotAllowed", "Method not allowed");
            }
        }
    }

    private String summaryFields(String id, String comment) {
        return "<Id>" + id + "</Id><ARN>arn:aws:cloudfront::000000000000:distribution/" + id + "</ARN>"
                + "<Status>Deployed</Status><LastModifiedTime>" + Instant.now().truncatedTo(ChronoUnit.MILLIS)
                + "</LastModifiedTime><DomainName>" + id.toLowerCase() + ".cloudfront.net</DomainName>";
    }

    /** The DistributionConfig element's inner XML, echoed back as CloudFront does. */
    private static String config(byte[] body) {
        String xml = new String(body, StandardCharsets.UTF_8);
        int open = xml.indexOf('>', xml.indexOf("<DistributionConfig"));
        int close = xml.lastIndexOf("</DistributionConfig>");
        return open < 0 || close < 0 ? "" : xml.substring(open + 1, close);
    }

    private static String text(byte[] body, String element) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(true);
            NodeList nodes = f.newDocumentBuilder().parse(new ByteArrayInputStream(body)).getElementsByTagNameNS("*", element);
            return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
        } catch (Exception e) {
            return "";
        }
    }

    // ---- invalidation API ----------------------------------------------------------------------

    private void handleApi(HttpExchange x) throws IOException {
        String[] parts = x.getRequestURI().getPath().substring("/2020-05-31/distribution/".length()).split("/");
        try (InputStream in = x.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (parts.length < 2 || !parts[1].equals("invalidation")) {
                error(x, 404, "NoSuchResource", "The specified resource does not exist.");
                return;
            }
            if (!parts[0].equals(distributionId) && !created.containsKey(parts[0])) {
                error(x, 404, "NoSuchDistribution", "The specified distribution does not exist.");
                return;
            }
            String method = x.getRequestMethod();
            if ("POST".equals(method) && parts.length == 2) {
                Invalidation inv = create(body);
                x.getResponseHeaders().set("Location", "http://" + x.getRequestHeaders().getFirst("Host")
                        + "/2020-05-31/distribution/" + parts[0] + "/invalidation/" + inv.id);
                reply(x, 201, invalidationXml(inv, "InProgress"));
            } else if ("GET".equals(method) && parts.length == 3) {
                Invalidation inv = find(parts[2]);
                if (inv == null) {
                    error(x, 404, "NoSuchInvalidation", "The specified invalidation does not exist.");
                } else {
                    reply(x, 200, invalidationXml(inv, "Completed"));
                }
            } else if ("GET".equals(method) && parts.length == 2) {
                reply(x, 200, listXml());
            } else {
                error(x, 405, "MethodNotAllowed", "Method not allowed");
            }
        } catch (IllegalArgumentException e) {
            error(x, 400, "InvalidArgument", e.getMessage());
        }
    }

    private synchronized Invalidation create(byte[] body) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(true);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw new IllegalArgumentException("Malformed InvalidationBatch: " + e.getMessage());
        }
        NodeList pathNodes = doc.getElementsByTagNameNS("*", "Path");
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < pathNodes.getLength(); i++) {
            String p = pathNodes.item(i).getTextContent().trim();
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("Your request contains one or more invalid invalidation paths.");
            }
            paths.add(p);
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("Your request must contain at least one path.");
        }
        NodeList ref = doc.getElementsByTagNameNS("*", "CallerReference");
        String callerReference = ref.getLength() > 0 ? ref.item(0).getTextContent() : "";
        for (Invalidation existing : invalidations) {
            if (existing.callerReference.equals(callerReference) && !callerReference.isEmpty()) {
                return existing;
            }
        }
        Invalidation inv = new Invalidation();
        inv.id = "I" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36).toUpperCase();
        inv.callerReference = callerReference;
        inv.paths = paths;
        inv.createTime = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        invalidations.add(inv);
        for (String p : paths) {
            if (p.endsWith("*")) {
                String prefix = p.substring(0, p.length() - 1);
                cache.keySet().removeIf(k -> k.startsWith(prefix));
            } else {
                cache.remove(p);
            }
        }
        save();
        LOG.debug("Invalidation {} for {}", inv.id, paths);
        return inv;
    }

    private synchronized Invalidation find(String id) {
        return invalidations.stream().filter(i -> i.id.equals(id)).findFirst().orElse(null);
    }

    private String invalidationXml(Invalidation inv, String status) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invalidation xmlns=\"" + NS + "\">");
        sb.append("<Id>").append(inv.id).append("</Id><Status>").append(status).append("</Status>");
        sb.append("<CreateTime>").append(inv.createTime).append("</CreateTime><InvalidationBatch><Paths><Quantity>")
                .append(inv.paths.size()).append("</Quantity><Items>");
        inv.paths.forEach(p -> sb.append("<Path>").append(xml(p)).append("</Path>"));
        sb.append("</Items></Paths><CallerReference>").append(xml(inv.callerReference))
                .append("</CallerReference></InvalidationBatch></Invalidation>");
        return sb.toString();
    }

    private synchronized String listXml() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InvalidationList xmlns=\"" + NS + "\">");
        sb.append("<Marker></Marker><MaxItems>").append(Math.max(100, invalidations.size()))
                .append("</MaxItems><IsTruncated>false</IsTruncated><Quantity>").append(invalidations.size()).append("</Quantity>");
        if (!invalidations.isEmpty()) {
            sb.append("<Items>");
            for (int i = invalidations.size() - 1; i >= 0; i--) {
                Invalidation inv = invalidations.get(i);
                sb.append("<InvalidationSummary><Id>").append(inv.id).append("</Id><CreateTime>").append(inv.createTime)
                        .append("</CreateTime><Status>Completed</Status></InvalidationSummary>");
            }
            sb.append("</Items>");
        }
        return sb.append("</InvalidationList>").toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void error(HttpExchange x, int status, String code, String message) throws IOException {
        reply(x, status, "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>local</RequestId></ErrorResponse>");
    }

    private void reply(HttpExchange x, int status, String xmlBody) throws IOException {
        byte[] bytes = xmlBody.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/xml");
        x.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---- edge ----------------------------------------------------------------------------------

    private void handleEdge(HttpExchange x) throws IOException {
        x.getRequestBody().close();
        String path = x.getRequestURI().getRawPath();
        if (!"GET".equals(x.getRequestMethod()) && !"HEAD".equals(x.getRequestMethod())) {
            x.sendResponseHeaders(405, -1);
            x.close();
            return;
        }
        if (path.endsWith("/")) {
            path = path + "index.html";
        }
        Cached page = cache.get(path);
        boolean hit = page != null && page.fetchedAt.plus(ttl).isAfter(Instant.now());
        if (!hit) {
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(origin + path))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    cache.remove(path);
                    byte[] msg = ("Not found at the edge: " + path + "\n").getBytes(StandardCharsets.UTF_8);
                    x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    x.getResponseHeaders().set("X-Cache", "Error from cloudfront");
                    x.sendResponseHeaders(r.statusCode() == 403 ? 404 : r.statusCode(), msg.length);
                    try (OutputStream out = x.getResponseBody()) {
                        out.write(msg);
                    }
                    return;
                }
                page = new Cached(r.body(), r.headers().firstValue("Content-Type").orElse("application/octet-stream"),
                        r.headers().firstValue("Cache-Control").orElse(null), r.headers().firstValue("ETag").orElse(null),
                        Instant.now());
                cache.put(path, page);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                x.sendResponseHeaders(504, -1);
                x.close();
                return;
            } catch (IOException e) {
                x.sendResponseHeaders(502, -1);
                x.close();
                return;
            }
        }
        x.getResponseHeaders().set("Content-Type", page.contentType);
        if (page.cacheControl != null) {
            x.getResponseHeaders().set("Cache-Control", page.cacheControl);
        }
        if (page.etag != null) {
            x.getResponseHeaders().set("ETag", page.etag);
        }
        x.getResponseHeaders().set("X-Cache", hit ? "Hit from cloudfront" : "Miss from cloudfront");
        x.getResponseHeaders().set("Age", Long.toString(Duration.between(page.fetchedAt, Instant.now()).toSeconds()));
        if ("HEAD".equals(x.getRequestMethod())) {
            x.sendResponseHeaders(200, -1);
            x.close();
            return;
        }
        x.sendResponseHeaders(200, page.body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(page.body);
        }
    }

    // ---- persistence ---------------------------------------------------------------------------

    private synchronized void load() throws IOException {
        if (stateFile == null || !Files.exists(stateFile)) {
            return;
        }
        for (JsonNode n : json.readTree(stateFile.toFile())) {
            Invalidation inv = new Invalidation();
            inv.id = n.path("id").asText();
            inv.callerReference = n.path("callerReference").asText();
            inv.createTime = n.path("createTime").asText();
            inv.paths = new ArrayList<>();
            n.path("paths").forEach(p -> inv.paths.add(p.asText()));
            invalidations.add(inv);
        }
    }

    private void save() {
        if (stateFile == null) {
            return;
        }
        try {
            ArrayNode root = json.createArrayNode();
            for (Invalidation inv : invalidations) {
                ObjectNode n = root.addObject();
                n.put("id", inv.id).put("callerReference", inv.callerReference).put("createTime", inv.createTime);
                inv.paths.forEach(n.putArray("paths")::add);
            }
            Files.createDirectories(stateFile.getParent());
            Path tmp = stateFile.resolveSibling("invalidations.json.tmp");
            json.writeValue(tmp.toFile(), root);
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("CloudFront stand-in could not save {}", stateFile, e);
        }
    }

    private static final class Invalidation {
        String id;
        String callerReference;
        String createTime;
        List<String> paths;
    }

    private record Cached(byte[] body, String contentType, String cacheControl, String etag, Instant fetchedAt) {
    }
}
