package com.jada.chartersync.config;

import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the calls the runtime makes to each service, at the client: an AWS SDK interceptor for DynamoDB,
 * S3 and CloudFront, a request initializer for the Google client. Keys are {@code service} and
 * {@code service.Operation}. Every cycle reports its own calls from these counts.
 * It also keeps each service's latest outcome, so health says a dependency is failing when its recent calls
 * fail, not only when a probe of it fails. Probes (describe, head, list) are left out of that: a table that can
 * be described while every write to it fails is not healthy.
 */
public class CallCounter implements ExecutionInterceptor, HttpRequestInitializer {

    private static final java.util.Set<String> PROBES = java.util.Set.of("DescribeTable", "DescribeTimeToLive",
            "HeadBucket", "ListInvalidations", "GetFunctionConfiguration", "ListTables");

    /** The most recent failure of a service that has not succeeded since, and how many calls failed in a row. */
    public record Failing(String reason, java.time.Instant since, java.time.Instant last, int inARow) {
    }

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, Failing> failing = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!PROBES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            succeeded(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase());
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (!PROBES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            Throwable e = context.exception();
            failed(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase(),
                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + ": " + e.getMessage());
        }
    }

    public void succeeded(String service) {
        failing.remove(service);
    }

    public void failed(String service, String reason) {
        java.time.Instant now = java.time.Instant.now();
        failing.merge(service, new Failing(reason, now, now, 1),
                (old, n) -> new Failing(reason, old.since(), now, old.inARow() + 1));
    }

    /** The service's calls are failing now (its latest call failed), or empty. */
    public java.util.Optional<Failing> failing(String service) {
        return java.util.Optional.ofNullable(failing.get(service));
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        count(service.toLowerCase(), operation);
    }

    @Override
    public void initialize(HttpRequest request) {
        // Called once per request the Google client builds; the method is not known yet at this point.
        counts.computeIfAbsent("calendar", k -> new LongAdder()).increment();
        com.google.api.client.http.HttpResponseInterceptor earlier = request.getResponseInterceptor();
        request.setResponseInterceptor(response -> {
            if (earlier != null) {
                earlier.interceptResponse(response);
            }
            if (response.isSuccessStatusCode()) {
                succeeded("calendar");
            } else if (response.getStatusCode() != 410) {
                // 410 Gone is the sync protocol (a full read follows), not a failure of the calendar
                failed("calendar", "HTTP " + response.getStatusCode() + " " + response.getStatusMessage());
            }
        });
        com.google.api.client.http.HttpIOExceptionHandler earlierIo = request.getIOExceptionHandler();
        request.setIOExceptionHandler((req, retrySupported) -> {
            failed("calendar", "not reachable");
            return earlierIo != null && earlierIo.handleIOException(req, retrySupported);
        });
    }

    /** A call made without the AWS SDK or the Google client (e.g. the iCal feed's GET). */
    public void count(String service, String operation) {
        counts.computeIfAbsent(service, k -> new LongAdder()).increment();
        counts.computeIfAbsent(service + "." + operation, k -> new LongAdder()).increment();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** What happened between two snapshots (keys with no calls left out). */
    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }
}
