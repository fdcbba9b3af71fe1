package com.jada.chartersync.waiver;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The waiver function ({@code jada-waiver}), deployable to AWS Lambda as is. Two kinds of events:
 * <ul>
 *   <li>Invoke payloads {@code {"action":"submit",...}} and {@code {"action":"verify","eventId":...}}
 *       (DESIGN.md section 5); a rejected submission is a function error naming every offending field.
 *       {@code {"action":"date-waivers"}} gives every stored waiver its charter's current date.</li>
 *   <li>Function URL requests (payload format 2.0): GET serves the small mobile form the guest page embeds,
 *       POST accepts it with the same rules and answers the reasons on the page.</li>
 * </ul>
 * Configuration from the environment: {@code EVENTS_TABLE}, {@code WAIVERS_TABLE}; the DynamoDB client uses
 * the SDK's defaults (region, credentials, {@code AWS_ENDPOINT_URL_DYNAMODB}).
 */
public class WaiverHandler implements RequestHandler<Map<String, Object>, Object> {

    static final int MAX_BODY = 16_384;

    private final WaiverService service;

    public WaiverHandler() {
        this(new WaiverService(DynamoDbClient.create(), env("EVENTS_TABLE", "jada-events"), env("WAIVERS_TABLE", "jada-waivers")));
    }

    public WaiverHandler(WaiverService service) {
        this.service = service;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object handleRequest(Map<String, Object> input, Context context) {
        if (input == null) {
            throw new WaiverRejectedException(List.of("request: empty"));
        }
        if (input.get("requestContext") instanceof Map<?, ?> rc && rc.get("http") instanceof Map<?, ?> http) {
            return form(input, String.valueOf(((Map<String, Object>) http).get("method")));
        }
        String action = String.valueOf(input.get("action"));
        return switch (action) {
            case "submit" -> service.submit(input);
            case "verify" -> service.verify(input.get("eventId") == null ? null : input.get("eventId").toString());
            case "date-waivers" -> service.dateWaivers();
            default -> throw new WaiverRejectedException(List.of("action: expected submit, verify or date-waivers, got " + action));
        };
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> form(Map<String, Object> request, String method) {
        Map<String, String> query = request.get("queryStringParameters") instanceof Map<?, ?> q
                ? (Map<String, String>) q : Map.of();
        String eventId = query.getOrDefault("eventId", "");
        if ("GET".equalsIgnoreCase(method)) {
            Map<String, Object> verify = eventId.isBlank() ? Map.of("known", false) : service.verify(eventId);
            if (!Boolean.TRUE.equals(verify.get("known"))) {
                return html(404, WaiverForm.message("Waiver", "We could not find this charter. Please check the link."));
            }
            if (Boolean.TRUE.equals(verify.get("cancelled"))) {
                return html(410, WaiverForm.message("Waiver", "This charter was cancelled; no waiver is needed."));
            }
            return html(200, WaiverForm.page(eventId, Map.of(), List.of()));
        }
        if (!"POST".equalsIgnoreCase(method)) {
            return html(405, WaiverForm.message("Waiver", "Method not allowed."));
        }
        String body = request.get("body") == null ? "" : request.get("body").toString();
        if (Boolean.TRUE.equals(request.get("isBase64Encoded"))) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        if (body.length() > MAX_BODY) {
            return html(413, WaiverForm.message("Waiver", "The form is too large."));
        }
        Map<String, String> fields = parseForm(body);
        Map<String, Object> submission = new LinkedHashMap<>();
        submission.put("action", "submit");
        submission.put("eventId", fields.getOrDefault("eventId", eventId));
        submission.put("participants", List.of(Map.of("name", fields.getOrDefault("name", ""),
                "dateOfBirth", fields.getOrDefault("dateOfBirth", ""))));
        submission.put("signature", fields.getOrDefault("signature", ""));
        submission.put("acceptedTerms", "on".equals(fields.get("acceptedTerms")) || "true".equals(fields.get("acceptedTerms")));
        if (!fields.getOrDefault("guardianName", "").isBlank() || !fields.getOrDefault("guardianSignature", "").isBlank()) {
            submission.put("guardian", Map.of("name", fields.getOrDefault("guardianName", ""),
                    "relationship", fields.getOrDefault("guardianRelationship", ""),
                    "signature", fields.getOrDefault("guardianSignature", "")));
        }
        try {
            Map<String, Object> result = service.submit(submission);
            return html(200, WaiverForm.message("Thank you", "Your waiver is signed. Waivers for this charter: "
                    + result.get("signed") + " of " + result.get("expected") + "."));
        } catch (WaiverRejectedException e) {
            return html(400, WaiverForm.page(String.valueOf(submission.get("eventId")), fields, e.problems()));
        }
    }

    private static Map<String, Object> html(int status, String body) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", status);
        response.put("headers", Map.of("content-type", "text/html; charset=utf-8", "cache-control", "no-store",
                "x-content-type-options", "nosniff"));
        response.put("body", body);
        return response;
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> pairs = body.isEmpty() ? new ArrayList<>() : List.of(body.split("&"));
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
