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
 */
public class CallCounter implements ExecutionInterceptor, HttpRequestInitializer {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

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
