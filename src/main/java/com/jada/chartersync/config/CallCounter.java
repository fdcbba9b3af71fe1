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
 * It also keeps the latest outcome per resource (each table, the bucket, the distribution, the function), so
 * health says a dependency is failing when its recent calls fail, not only when a probe of it fails, and one
 * table answering does not clear another that is gone. Probes (describe, head, list) are left out of that: a table that can be described while every write to it fails is not healthy. A refusal of
 * what we sent ({@link CallOutcome}) does not count at all.
 */
public class CallCounter implements ExecutionInterceptor, HttpRequestInitializer {

    private static final java.util.Set<String> PROBES = java.util.Set.of("DescribeTable", "DescribeTimeToLive",
            "HeadBucket", "ListInvalidations", "GetFunctionConfiguration", "ListTables");

    /**
     * The most recent failure of a service's resource (a table, the bucket, ...; null for the service as a whole)
     * that has not succeeded since, how many calls failed in a row, and whether the resource was found gone.
     */
    public record Failing(String resource, String reason, java.time.Instant since, java.time.Instant last, int inARow,
                          boolean lost) {
    }

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    /** Keyed by service and resource ("dynamodb" + SEP + "jada-events"), or by service alone. */
    private final Map<String, Failing> failing = new ConcurrentHashMap<>();
    private static final String SEP = "|";

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!PROBES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase();
            failing.remove(service);
            for (String resource : CallOutcome.resources(context.request())) {
                failing.remove(service + SEP + resource);
            }
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable e = context.exception();
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        boolean lost = CallOutcome.lost(e);
        if (PROBES.contains(operation) || !CallOutcome.countsAgainstTheService(e)) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase();
        // not reachable, timed out, cut off, a 5xx: the service's endpoint, whichever resource the call named
        java.util.List<String> resources = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a
                && a.statusCode() < 500 ? CallOutcome.resources(context.request()) : java.util.List.of();
        if (resources.isEmpty()) {
            failed(service, null, operation + ": " + e.getMessage(), lost);
        }
        for (String resource : resources) {
            failed(service, resource, operation + " on " + resource + ": " + e.getMessage(), lost);
        }
    }

    /** The service as a whole answered (calls without an SDK resource, e.g. the function's own verdict). */
    public void succeeded(String service) {
        failing.remove(service);
    }

    /** The resource is there and answers (e.g. it was just created again). */
    public void succeeded(String service, String resource) {
        failing.remove(resource == null ? service : service + SEP + resource);
    }

    public void failed(String service, String reason) {
        failed(service, null, reason, false);
    }

    /** A call to one resource of a service failed ({@code lost}: it found the resource gone). */
    public void failed(String service, String resource, String reason, boolean lost) {
        java.time.Instant now = java.time.Instant.now();
        failing.merge(resource == null ? service : service + SEP + resource, new Failing(resource, reason, now, now, 1, lost),
                (old, n) -> new Failing(resource, reason, old.since(), now, old.inARow() + 1, lost));
    }

    /** The service's calls are failing now (the latest call to one of its resources failed): the oldest, or empty. */
    public java.util.Optional<Failing> failing(String service) {
        return failingResources(service).stream().findFirst();
    }

    /** Every resource of the service whose latest call failed, the longest failing first. */
    public java.util.List<Failing> failingResources(String service) {
        return failing.entrySet().stream()
                .filter(e -> e.getKey().equals(service) || e.getKey().startsWith(service + SEP))
                .map(Map.Entry::getValue).sorted(java.util.Comparator.comparing(Failing::since)).toList();
    }

    /** Every resource found gone (and not answering since), per service. */
    public java.util.List<Failing> lost(String service) {
        return failingResources(service).stream().filter(Failing::lost).toList();
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
