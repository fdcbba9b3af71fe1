package com.jada.chartersync.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tomcat's own error answers (a request it cannot parse: bad percent-encoding, a bad request line, illegal
 * characters, an oversized header...; these never reach Spring) as the runtime's error JSON,
 * {@code {"status":400,"reason":"..."}}, in place of Tomcat's HTML page. Installed as the Host's error report
 * valve by {@link JsonErrors}.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(body(status, response.getMessage()));
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response already committed: nothing more can be said to the client
        }
    }

    static Map<String, Object> body(int status, String message) {
        HttpStatus known = HttpStatus.resolve(status);
        String phrase = known == null ? "error" : known.getReasonPhrase();
        String reason = message == null || message.isBlank() ? phrase : message;
        if (status == 400) {
            reason = "malformed request: " + reason + " (the request line, a header or the URL's encoding could not be read)";
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("reason", reason);
        return out;
    }
}
