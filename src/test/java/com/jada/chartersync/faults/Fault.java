package com.jada.chartersync.faults;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link FaultProxy} does to a request it matched: answer it itself with a status, headers and body; relay it
 * and hold the answer back; hold the request without ever answering; reset the connection; or relay it and cut the
 * answer in half. The service-specific answers (throttling and server errors in each service's own wire format)
 * are in {@link ServiceFaults}.
 */
public record Fault(Kind kind, String description, int status, List<String[]> headers, byte[] body, Duration delay) {

    public enum Kind {
        /** Answered by the proxy; the service never sees the request. */
        RESPOND,
        /** Relayed; the service's answer is held back for the delay (the client's timeout should be shorter). */
        SLOW_RESPONSE,
        /** Never relayed nor answered; the connection is closed after the delay. */
        STALL,
        /** Never relayed; the connection is reset (TCP RST). */
        RESET,
        /** Relayed; the answer announces its full length and stops after half its body. */
        TRUNCATE
    }

    /** A status with a body of the given type, plus header name/value pairs. */
    public static Fault respond(int status, String contentType, String body, String... headerPairs) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Content-Type", contentType});
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            headers.add(new String[] {headerPairs[i], headerPairs[i + 1]});
        }
        return new Fault(Kind.RESPOND, String.valueOf(status), status, List.copyOf(headers),
                body.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
    }

    public static Fault slowResponse(Duration delay) {
        return new Fault(Kind.SLOW_RESPONSE, "answer after " + delay.toMillis() + " ms", 0, List.of(), new byte[0], delay);
    }

    public static Fault stall(Duration delay) {
        return new Fault(Kind.STALL, "no answer for " + delay.toMillis() + " ms", 0, List.of(), new byte[0], delay);
    }

    public static Fault reset() {
        return new Fault(Kind.RESET, "connection reset", 0, List.of(), new byte[0], Duration.ZERO);
    }

    public static Fault truncate() {
        return new Fault(Kind.TRUNCATE, "body cut in half", 0, List.of(), new byte[0], Duration.ZERO);
    }

    public Fault describedAs(String text) {
        return new Fault(kind, text, status, headers, body, delay);
    }

    boolean answersWithoutUpstream() {
        return kind == Kind.RESPOND || kind == Kind.RESET || kind == Kind.STALL;
    }

    /** The whole answer of a {@link Kind#RESPOND} fault, with {@code Connection: close} when the connection ends after it. */
    byte[] responseBytes(boolean close) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        for (String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    @Override
    public String toString() {
        return description;
    }
}
