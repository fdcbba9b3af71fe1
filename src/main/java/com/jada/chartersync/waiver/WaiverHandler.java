package com.jada.chartersync.waiver;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;

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
 *   <li>Invoke payloads {@code {"action":"submit",...}} and {@code {"action":"verify","eventId":...}} (or
 *       {@code "eventIds":[...]}, up to {@value WaiverService#MAX_BATCH}, answered as {@code {"results":[...]}})
 *       (DESIGN.md section 5); a rejected submission is a function error naming every offending field.
 *       {@code {"action":"date-waivers"}} gives every stored waiver its charter's current date.</li>
 *   <li>Function URL requests (payload format 2.0): GET serves the small mobile form the guest page embeds,
 *       POST accepts it with the same rules and answers the reasons on the page.</li>
 * </ul>
 * Configuration from the environment: {@code EVENTS_TABLE}, {@code WAIVERS_TABLE}; the DynamoDB client uses
 * the SDK's defaults (region, credentials, {@code AWS_ENDPOINT_URL_DYNAMODB}) with at most 3 attempts and 8 s
 * per call, so an unreachable store is answered well within the function's timeout. When the store cannot be
 * reached, a guest at the form gets a small page saying to try again in a minute (503, nothing was stored), and the
 * cause goes to the log (standard output: the package carries slf4j-simple, see simplelogger.properties).
 */
public class WaiverHandler implements RequestHandler<Map<String, Object>, Object> {

    static final int MAX_BODY = 16_384;
    private static final Logger LOG = LoggerFactory.getLogger(WaiverHandler.class);

    private final WaiverService service;

    public WaiverHandler() {
        this(new WaiverService(DynamoDbClient.builder()
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(8))
                        .apiCallAttemptTimeout(Duration.ofSeconds(3)))
                .build(), env("EVENTS_TABLE", "jada-events"), env("WAIVERS_TABLE", "jada-waivers")));
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
            String method = String.valueOf(((Map<String, Object>) http).get("method"));
            try {
                return form(input, method, context);
            } catch (SdkException | WaiverLedger.BusyException e) {
                // A guest at the dock gets a page, not Lambda's bare 502; the operator gets the cause.
                LOG.warn("Waiver store unreachable ({} {}{}): {}", method, input.get("rawPath"),
                        context == null ? "" : ", request " + context.getAwsRequestId(), e.toString());
                Map<String, Object> page = html(503, WaiverForm.message("Please try again in a minute",
                        "We could not reach the waiver system just now, so nothing was saved and nothing is lost. "
                                + "Please try again in a minute."));
                ((Map<String, String>) page.get("headers")).put("retry-after", "60");
                return page;
            }
        }
        String action = String.valueOf(input.get("action"));
        return switch (action) {
            case "submit" -> service.submit(input);
            case "verify" -> input.containsKey("eventIds")
                    ? service.verifyAll(ids(input.get("eventIds")))
                    : service.verify(input.get("eventId") == null ? null : input.get("eventId").toString());
            case "date-waivers" -> service.dateWaivers();
            default -> throw new WaiverRejectedException(List.of("action: expected submit, verify or date-waivers, got " + action));
        };
    }

    private static List<String> ids(Object raw) {
        if (!(raw instanceof List<?> list)) {
            throw new WaiverRejectedException(List.of("eventIds: expected a list of event ids"));
        }
        return list.stream().map(o -> o == null ? null : o.toString()).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> form(Map<String, Object> request, String method, Context context) {
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
        Map<String, String> fields;
        try {
            if (Boolean.TRUE.equals(request.get("isBase64Encoded"))) {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            if (body.length() > MAX_BODY) {
                return html(413, WaiverForm.message("Waiver", "The form is too large."));
            }
            fields = parseForm(body);
        } catch (IllegalArgumentException e) {
            // e.g. "name=%zz". The body is not logged: it holds the guest's personal data.
            warn(context, "Waiver form for event " + oneLine(eventId) + " refused with 400: the body ("
                    + body.length() + " characters) is not valid form encoding");
            return html(400, WaiverForm.message("Waiver", "The form could not be read. Please open the link again and resubmit."));
        }
        Map<String, Object> submission = new LinkedHashMap<>();
        submission.put("action", "submit");
        submission.put("eventId", fields.getOrDefault("eventId", eventId));
        submission.put("participants", List.of(Map.of("name", fields.getOrDefault("name", ""),
                "dateOfBirth", fields.getOrDefault("dateOfBirth", ""))));
        submission.put("signature", fields.getOrDefault("signature", ""));
        submission.put("acceptedTerms", "on".equals(fields.get("acceptedTerms")) || "true".equals(fields.get("acceptedTerms")));
        if (!fields.getOrDefault("guardianName", "").isBlank() || !fields.getOrDefault("guardianSignature", "").isBlank()
                || !fields.getOrDefault("guardianRelationship", "").isBlank()) {
            submission.put("guardian", Map.of("name", fields.getOrDefault("guardianName", ""),
                    "relationship", fields.getOrDefault("guardianRelationship", ""),
                    "signature", fields.getOrDefault("guardianSignature", "")));
        }
        try {
            Map<String, Object> result = service.submit(submission);
            // told "signed" only now: every write of this submission was confirmed by the store
            boolean before = ((Number) result.get("stored")).intValue() == 0 && ((Number) result.get("alreadySigned")).intValue() > 0;
            return html(200, WaiverForm.message(before ? "Already signed" : "Thank you", (before
                    ? "This participant has already signed the waiver for this charter; it is kept once. "
                    : "Your waiver is signed. ") + progress(result)));
        } catch (WaiverRejectedException e) {
            return html(400, WaiverForm.page(String.valueOf(submission.get("eventId")), fields, e.problems()));
        }
    }

    /** How far the party is, never more signed than expected ("2 of 1"). */
    static String progress(Map<String, Object> result) {
        int signed = ((Number) result.get("signed")).intValue();
        int expected = ((Number) result.get("expected")).intValue();
        return signed >= expected ? "Every waiver for this charter is signed."
                : "Waivers for this charter: " + signed + " of " + expected + " signed.";
    }

    private static Map<String, Object> html(int status, String body) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", status);
        response.put("headers", new LinkedHashMap<>(Map.of("content-type", "text/html; charset=utf-8", "cache-control", "no-store",
                "x-content-type-options", "nosniff")));
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

    /** On AWS Lambda through the function's logger (CloudWatch); in the local runtime through its own logging. */
    private static void warn(Context context, String message) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(message + "\n", LogLevel.WARN);
        } else {
            // looked up only here: on Lambda slf4j has no provider and would complain at class load
            LOG.warn(message);
        }
    }

    private static String oneLine(String value) {
        String v = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        return v.replaceAll("\\p{Cntrl}", "?");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
