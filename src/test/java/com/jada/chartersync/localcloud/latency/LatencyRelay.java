package com.jada.chartersync.localcloud.latency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A delaying TCP relay for one HTTP/1.1 service that is not ours (dynalite, S3Mock): it listens on the service's
 * public port, and each client connection gets one upstream connection of its own for its whole life, so a client's
 * keep-alive connection stays one keep-alive connection to the service. Requests are relayed byte for byte; the
 * relay only reads the request's framing (head, {@code Content-Length} or chunked) to know where a request begins,
 * and waits the service's {@link Latency} before it forwards the head. Answers flow back unparsed. An
 * {@code Expect: 100-continue} request works as directly: the head goes on, the service's interim answer comes
 * back, then the body follows.
 *
 * <p>Cheap by design (the benchmark must measure the product, not the relay): two blocking threads per connection
 * that sleep in the delay and copy through 16 KiB buffers, no parsing of answers, no copies of bodies.
 * {@link com.jada.chartersync.faults.FaultProxy} does more (faults, a request log) at a higher cost: it opens an
 * upstream connection per request and buffers every message.
 */
public final class LatencyRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyRelay.class);
    private static final int MAX_HEAD = 64 * 1024;
    private static final int BUFFER = 16 * 1024;

    private final String service;
    private final Latency latency;
    private final int upstreamPort;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean closed;

    private LatencyRelay(String service, Latency latency, ServerSocket listener, int upstreamPort) {
        this.service = service;
        this.latency = latency;
        this.listener = listener;
        this.upstreamPort = upstreamPort;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "latency-relay-" + service);
            t.setDaemon(true);
            return t;
        });
    }

    /** A relay for {@code service} on loopback:{@code port} (0: any free port) to loopback:{@code upstreamPort}. */
    public static LatencyRelay start(String service, Latency latency, int port, int upstreamPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        LatencyRelay relay = new LatencyRelay(service, latency, s, upstreamPort);
        Thread acceptor = new Thread(relay::accept, "latency-relay-" + service + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return relay;
    }

    public String service() {
        return service;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public int upstreamPort() {
        return upstreamPort;
    }

    /** Client connections accepted so far (each had one upstream connection). */
    public long connections() {
        return connections.get();
    }

    /** Requests relayed so far. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        open.forEach(LatencyRelay::closeQuietly);
        threads.shutdownNow();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("latency relay {}: accept failed", service, e);
                }
                continue;
            }
            connections.incrementAndGet();
            try {
                threads.execute(() -> relay(client));
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                closeQuietly(client);
                return;
            }
        }
    }

    private void relay(Socket client) {
        open.add(client);
        Socket upstream = new Socket();
        open.add(upstream);
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5_000);
            threads.execute(() -> answers(upstream, client));
            requests(client, upstream);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.debug("latency relay {}: connection ended: {}", service, e.toString());
            }
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
            open.remove(client);
            open.remove(upstream);
        }
    }

    /** Client to service: request by request, each after the delay. */
    private void requests(Socket client, Socket upstream) throws IOException {
        InputStream in = new BufferedInputStream(client.getInputStream(), BUFFER);
        OutputStream out = new BufferedOutputStream(upstream.getOutputStream(), BUFFER);
        byte[] buffer = new byte[BUFFER];
        StringBuilder head = new StringBuilder(512);
        while (true) {
            head.setLength(0);
            if (!readHead(in, head)) {
                return;
            }
            latency.pause(service);
            requests.incrementAndGet();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();  // an Expect: 100-continue client waits for the service's answer before sending its body
            String te = header(head, "transfer-encoding");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                copyChunked(in, out, buffer);
            } else {
                String cl = header(head, "content-length");
                if (cl != null) {
                    copy(in, out, Long.parseLong(cl.strip()), buffer);
                }
            }
            out.flush();
        }
    }

    /** Service to client: bytes as they come, until the service closes the connection. */
    private void answers(Socket upstream, Socket client) {
        try {
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException ended) {
            // either side went away
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** Reads one request head (through the blank line) as ISO-8859-1; false when the stream ends before it starts. */
    private static boolean readHead(InputStream in, StringBuilder head) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.length() == 0) {
                    return false;
                }
                throw new EOFException("stream ended inside a request head");
            }
            head.append((char) b);
            if (head.length() > MAX_HEAD) {
                throw new IOException("request head over " + MAX_HEAD + " bytes");
            }
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return true;
    }

    /** The value of the first header named {@code lowerName} in the head, or null. */
    static String header(CharSequence head, String lowerName) {
        String h = head.toString();
        int line = h.indexOf("\r\n") + 2;
        while (line > 1 && line < h.length()) {
            int end = h.indexOf("\r\n", line);
            if (end < 0 || end == line) {
                return null;
            }
            int colon = h.indexOf(':', line);
            if (colon > line && colon < end && h.substring(line, colon).strip().toLowerCase(Locale.ROOT).equals(lowerName)) {
                return h.substring(colon + 1, end).strip();
            }
            line = end + 2;
        }
        return null;
    }

    private static void copy(InputStream in, OutputStream out, long length, byte[] buffer) throws IOException {
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("stream ended inside a body");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** Copies a chunked body as framed (sizes, extensions, data, trailers). */
    private static void copyChunked(InputStream in, OutputStream out, byte[] buffer) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            readLine(in, out, line);
            String size = line.toString();
            int semi = size.indexOf(';');
            long length = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            if (length == 0) {
                do {
                    readLine(in, out, line);
                } while (line.length() > 0);
                return;
            }
            copy(in, out, length, buffer);
            readLine(in, out, line);
        }
    }

    /** Copies one line (CRLF included) and leaves its text, without the line end, in {@code line}. */
    private static void readLine(InputStream in, OutputStream out, StringBuilder line) throws IOException {
        line.setLength(0);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ended inside a chunked body");
            }
            out.write(b);
            if (b == '\n') {
                return;
            }
            if (b != '\r') {
                line.append((char) b);
            }
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
}
