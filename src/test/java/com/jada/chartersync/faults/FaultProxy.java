package com.jada.chartersync.faults;

import com.jada.chartersync.SandboxPorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 reverse proxy on 127.0.0.1 in front of one local service, for fault injection at the protocol level:
 * the runtime's client talks to the proxy exactly as to the service, and the proxy either relays the exchange
 * byte for byte or answers with a fault (a status and body the real service sends, a late answer, a reset, a cut
 * body), or refuses connections altogether.
 *
 * <p>Relaying is byte-faithful: the request's head (method, path, query, every header including {@code Host} and
 * the AWS SigV4 ones, which sign {@code Host}) and body go upstream unchanged, chunked bodies keep their chunk
 * framing, and the upstream's answer comes back unchanged. The proxy connects to the upstream port directly, one
 * connection per request (so an answer delimited by the connection's end needs nothing special); the client side
 * keeps its connection alive as long as both ends allow. {@code Expect: 100-continue} (the AWS SDK's S3 uploads) is
 * answered by the proxy itself, as an intermediary may; the upstream's own interim answer is then dropped.
 *
 * <p>Why not a library: WireMock (standalone, shaded, on Maven Central) proxies through Jetty's client, which
 * re-frames bodies and rewrites hop-by-hop headers, and it has no fault that closes the listening socket or that
 * announces a body's full {@code Content-Length} and then stops halfway; a Netty-based proxy would be as much code
 * as this. A plain {@link ServerSocket} keeps the proxy's behaviour exactly what a fault case names.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final int MAX_HEAD = 64 * 1024;
    private static final int LOG_LIMIT = 20_000;
    private static final int UPSTREAM_TIMEOUT_MS = 60_000;
    private static final int IDLE_CLIENT_TIMEOUT_MS = 120_000;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** {@link #inject} with this count applies the fault to every matching request until it is removed. */
    public static final int ALWAYS = -1;

    private final String name;
    private final int upstreamPort;
    private final int port;
    private final ExecutorService workers;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Deque<Request> seen = new ArrayDeque<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile ServerSocket listener;
    private volatile Thread acceptor;
    private volatile boolean closed;

    private FaultProxy(String name, int port, int upstreamPort) {
        this.name = name;
        this.port = port;
        this.upstreamPort = upstreamPort;
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A proxy named {@code name} (for logs and tables) on a free port below the ephemeral range, relaying to 127.0.0.1:upstreamPort. */
    public static FaultProxy start(String name, int upstreamPort) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            FaultProxy proxy = new FaultProxy(name, SandboxPorts.freePort(), upstreamPort);
            try {
                proxy.listen();
                return proxy;
            } catch (IOException taken) {
                // something took the port between the pick and the bind: another one
                last = taken;
                proxy.close();
            }
        }
        throw last;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The proxy's base URL, e.g. {@code http://127.0.0.1:24123}: what the runtime is configured with. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    // ---- faults --------------------------------------------------------------------------------

    /** Applies {@code fault} to the next {@code times} requests that {@code match} (or to all: {@link #ALWAYS}). */
    public Rule inject(Match match, Fault fault, int times) {
        Rule rule = new Rule(match, fault, times);
        rules.add(rule);
        return rule;
    }

    /**
     * Connection refused, as from a service that is down: the listening socket is closed, and connections the
     * client keeps alive in its pool are closed too, so no request slips through on one of them.
     */
    public synchronized void refuseConnections() {
        ServerSocket s = listener;
        listener = null;
        closeQuietly(s);
        // the JDK completes closing a socket that a thread is blocked on only once that thread has left accept()
        Thread t = acceptor;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        open.forEach(FaultProxy::closeQuietly);
    }

    /** Listens again after {@link #refuseConnections()} (same port). */
    public synchronized void acceptConnections() throws IOException {
        if (listener == null && !closed) {
            listen();
        }
    }

    public boolean refusing() {
        return listener == null;
    }

    /** Every fault removed, connections accepted: a plain relay again. */
    public void pass() throws IOException {
        rules.clear();
        acceptConnections();
    }

    // ---- what the proxy saw --------------------------------------------------------------------

    /** How many requests matching {@code match} reached the proxy (relayed or faulted), since start or {@link #forget()}. */
    public int seen(Match match) {
        synchronized (seen) {
            return (int) seen.stream().filter(match.test()).count();
        }
    }

    /** Every request seen, oldest first (at most the last {@value #LOG_LIMIT}). */
    public List<Request> requests() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public void forget() {
        synchronized (seen) {
            seen.clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        closeQuietly(listener);
        open.forEach(FaultProxy::closeQuietly);
        workers.shutdownNow();
    }

    // ---- the relay -----------------------------------------------------------------------------

    private void listen() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        listener = s;
        Thread t = new Thread(() -> accept(s), "fault-proxy-" + name + "-accept");
        t.setDaemon(true);
        acceptor = t;
        t.start();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                client.setTcpNoDelay(true);
                client.setSoTimeout(IDLE_CLIENT_TIMEOUT_MS);
                open.add(client);
                workers.execute(() -> serve(client));
            } catch (IOException e) {
                if (!s.isClosed()) {
                    LOG.debug("fault proxy {}: accept failed", name, e);
                }
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            boolean keepAlive = true;
            while (keepAlive && !closed) {
                Message request = Message.read(in);
                if (request == null) {
                    return;
                }
                Request view = Request.of(request);
                remember(view);
                keepAlive = exchange(request, view, in, out, client);
            }
        } catch (SocketException | EOFException gone) {
            // the client went away (or the proxy is refusing/closing): nothing to answer
        } catch (IOException e) {
            LOG.debug("fault proxy {}: connection ended: {}", name, e.toString());
        } finally {
            open.remove(client);
            closeQuietly(client);
        }
    }

    /** One request/response exchange; answers whether the client connection may carry another. */
    private boolean exchange(Message request, Request view, InputStream in, OutputStream out, Socket client) throws IOException {
        Rule rule = firstApplicable(view);
        Fault fault = rule == null ? null : rule.fault();
        boolean expectContinue = "100-continue".equalsIgnoreCase(request.header("Expect"));
        if (fault != null && fault.answersWithoutUpstream()) {
            if (!expectContinue) {
                request.readBody(in, false);
            }
            switch (fault.kind()) {
                case RESPOND -> {
                    // an early final answer to an Expect request leaves the body unsent: the connection cannot go on
                    boolean close = expectContinue || request.wantsClose();
                    out.write(fault.responseBytes(close));
                    out.flush();
                    return !close;
                }
                case RESET -> {
                    client.setSoLinger(true, 0);
                    client.close();
                    return false;
                }
                case STALL -> {
                    await(fault.delay());
                    return false;
                }
                default -> throw new IllegalStateException(fault.kind().toString());
            }
        }
        if (expectContinue) {
            out.write(CONTINUE);
            out.flush();
        }
        request.readBody(in, false);
        Message response;
        try (Socket upstream = new Socket()) {
            open.add(upstream);
            try {
                upstream.setTcpNoDelay(true);
                upstream.setSoTimeout(UPSTREAM_TIMEOUT_MS);
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5_000);
                OutputStream uout = new BufferedOutputStream(upstream.getOutputStream());
                request.writeTo(uout);
                uout.flush();
                InputStream uin = new BufferedInputStream(upstream.getInputStream());
                response = Message.readResponse(uin, view.method());
            } finally {
                open.remove(upstream);
            }
        } catch (IOException upstreamFailed) {
            // the service itself is unreachable or broke off: tell the client as a gateway would
            LOG.debug("fault proxy {}: upstream failed: {}", name, upstreamFailed.toString());
            out.write(Fault.respond(502, "text/plain", "upstream failed: " + upstreamFailed.getMessage())
                    .responseBytes(true));
            out.flush();
            return false;
        }
        if (fault != null && fault.kind() == Fault.Kind.TRUNCATE) {
            out.write(response.truncated());
            out.flush();
            client.close();
            return false;
        }
        if (fault != null && fault.kind() == Fault.Kind.SLOW_RESPONSE) {
            // the service did the work; its answer arrives after the client stopped waiting for it
            await(fault.delay());
        }
        response.writeTo(out);
        out.flush();
        return !request.wantsClose() && !response.wantsClose() && !response.delimitedByClose();
    }

    private Rule firstApplicable(Request view) {
        for (Rule rule : rules) {
            if (rule.match().test().test(view) && rule.take()) {
                return rule;
            }
        }
        return null;
    }

    private void remember(Request view) {
        synchronized (seen) {
            seen.addLast(view);
            while (seen.size() > LOG_LIMIT) {
                seen.removeFirst();
            }
        }
    }

    private void await(Duration delay) {
        try {
            closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    // ---- the pieces ----------------------------------------------------------------------------

    /** One request as the proxy saw it, for matching and counting. Header names are lower case. */
    public record Request(String method, String path, String query, Map<String, String> headers) {

        static Request of(Message m) {
            String[] line = m.startLine.split(" ", 3);
            String target = line.length > 1 ? line[1] : "";
            int q = target.indexOf('?');
            Map<String, String> headers = new LinkedHashMap<>();
            m.headers.forEach(h -> headers.merge(h[0].toLowerCase(Locale.ROOT), h[1], (a, b) -> a + "," + b));
            return new Request(line[0], q < 0 ? target : target.substring(0, q), q < 0 ? "" : target.substring(q + 1), headers);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            String target = header("x-amz-target");
            return method + " " + path + (query.isEmpty() ? "" : "?" + query) + (target == null ? "" : " [" + target + "]");
        }
    }

    /** Which requests a fault hits, with a short description for tables and messages. */
    public record Match(String description, Predicate<Request> test) {

        public static Match any() {
            return new Match("any request", r -> true);
        }

        /** A DynamoDB (or other JSON-1.0 AWS) operation by its {@code X-Amz-Target}, e.g. {@code UpdateItem}. */
        public static Match amzTarget(String operation) {
            return new Match(operation, r -> {
                String target = r.header("X-Amz-Target");
                return target != null && (target.equals(operation) || target.endsWith("." + operation));
            });
        }

        public static Match method(String method) {
            return new Match(method, r -> r.method().equalsIgnoreCase(method));
        }

        /** The path (without query) matches the regular expression. */
        public static Match path(String regex) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
            return new Match("path " + regex, r -> p.matcher(r.path()).matches());
        }

        public Match and(Match other) {
            return new Match(description + " " + other.description, test.and(other.test));
        }

        public Match named(String name) {
            return new Match(name, test);
        }
    }

    /** A fault in place: which requests, what happens to them, how many more times, how many it hit so far. */
    public static final class Rule {
        private final Match match;
        private final Fault fault;
        private final AtomicInteger remaining;
        private final AtomicInteger injected = new AtomicInteger();

        Rule(Match match, Fault fault, int times) {
            this.match = match;
            this.fault = fault;
            this.remaining = new AtomicInteger(times);
        }

        public Match match() {
            return match;
        }

        public Fault fault() {
            return fault;
        }

        /** Requests this rule answered with its fault so far. */
        public int injected() {
            return injected.get();
        }

        boolean take() {
            while (true) {
                int left = remaining.get();
                if (left == 0) {
                    return false;
                }
                if (left < 0 || remaining.compareAndSet(left, left - 1)) {
                    injected.incrementAndGet();
                    return true;
                }
            }
        }
    }

    /** An HTTP/1.1 message: head (kept as received) and body (kept as framed on the wire, and decoded). */
    static final class Message {
        final byte[] rawHead;
        final String startLine;
        final List<String[]> headers;
        byte[] rawBody = new byte[0];
        byte[] body = new byte[0];
        boolean untilClose;

        private Message(byte[] rawHead) {
            this.rawHead = rawHead;
            String[] lines = new String(rawHead, StandardCharsets.ISO_8859_1).split("\r\n");
            this.startLine = lines[0];
            this.headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
                }
            }
        }

        /** The next message's head, or null when the stream ends before its first byte. */
        static Message read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream(512);
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new EOFException("stream ended inside a message head");
                }
                head.write(b);
                if (head.size() > MAX_HEAD) {
                    throw new IOException("message head over " + MAX_HEAD + " bytes");
                }
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return new Message(head.toByteArray());
        }

        /** The final response to a request with {@code method} (interim 1xx answers are skipped), body included. */
        static Message readResponse(InputStream in, String method) throws IOException {
            while (true) {
                Message m = read(in);
                if (m == null) {
                    throw new EOFException("upstream closed without answering");
                }
                int status = m.status();
                if (status >= 100 && status < 200) {
                    continue;
                }
                boolean noBody = "HEAD".equalsIgnoreCase(method) || status == 204 || status == 304;
                if (!noBody) {
                    m.readBody(in, true);
                }
                return m;
            }
        }

        int status() {
            String[] parts = startLine.split(" ", 3);
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        }

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        boolean wantsClose() {
            String c = header("Connection");
            return (c != null && c.toLowerCase(Locale.ROOT).contains("close")) || startLine.endsWith("HTTP/1.0");
        }

        boolean delimitedByClose() {
            return untilClose;
        }

        /**
         * Reads the body as framed: chunked (raw chunks kept for relaying), by Content-Length, or, for a response
         * with neither, until the connection ends.
         */
        void readBody(InputStream in, boolean response) throws IOException {
            String te = header("Transfer-Encoding");
            String cl = header("Content-Length");
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                while (true) {
                    String sizeLine = readLine(in, raw);
                    int semi = sizeLine.indexOf(';');
                    int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                    if (size == 0) {
                        String trailer;
                        do {
                            trailer = readLine(in, raw);
                        } while (!trailer.isEmpty());
                        break;
                    }
                    byte[] chunk = in.readNBytes(size);
                    if (chunk.length < size) {
                        throw new EOFException("stream ended inside a chunk");
                    }
                    raw.write(chunk);
                    decoded.write(chunk);
                    readLine(in, raw);
                }
            } else if (cl != null) {
                int length = Integer.parseInt(cl.trim());
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length) {
                    throw new EOFException("stream ended inside a body of " + length + " bytes");
                }
                raw.write(bytes);
                decoded.write(bytes);
            } else if (response) {
                byte[] bytes = in.readAllBytes();
                raw.write(bytes);
                decoded.write(bytes);
                untilClose = true;
            }
            rawBody = raw.toByteArray();
            body = decoded.toByteArray();
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(rawHead);
            out.write(rawBody);
        }

        /**
         * The answer cut short: the head announces the whole body's length ({@code Content-Length}, chunked
         * framing replaced), then only half of the body follows. An answer without a body loses half its head.
         */
        byte[] truncated() {
            if (body.length == 0) {
                return java.util.Arrays.copyOf(rawHead, rawHead.length / 2);
            }
            StringBuilder head = new StringBuilder(startLine).append("\r\n");
            for (String[] h : headers) {
                if (!h[0].equalsIgnoreCase("Transfer-Encoding") && !h[0].equalsIgnoreCase("Content-Length")) {
                    head.append(h[0]).append(": ").append(h[1]).append("\r\n");
                }
            }
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, body.length / 2);
            return out.toByteArray();
        }

        private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("stream ended inside a chunked body");
                }
                raw.write(b);
                if (b == '\n') {
                    break;
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
