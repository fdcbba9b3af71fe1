package com.jada.chartersync.config;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one AWS call says about the health of what it called: which resources it named (a table, the bucket, the
 * distribution, the function), whether its failure counts against them, and whether it found one of them gone.
 * A refusal of what we sent (ValidationException, a 400 of our own making, a failed condition) says nothing about
 * the service: the service answered, correctly.
 */
public final class CallOutcome {

    /** Error codes that name a resource that is not there. */
    private static final Set<String> LOST = Set.of("ResourceNotFoundException", "NoSuchBucket", "NoSuchDistribution");
    /** 4xx codes that are the service's or the account's state, not our request: they count. */
    private static final Set<String> COUNTED_4XX = Set.of("AccessDeniedException", "AccessDenied",
            "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "RequestExpired",
            "RequestTimeout", "ResourceInUseException", "ResourceConflictException", "TooManyRequestsException",
            "RequestLimitExceeded", "LimitExceededException", "TooManyInvalidationsInProgress");

    private CallOutcome() {
    }

    /** The resources the request names ({@code TableName}, the tables of a batch, {@code Bucket}, ...); may be empty. */
    public static List<String> resources(SdkRequest request) {
        for (String field : List.of("TableName", "Bucket", "FunctionName", "DistributionId", "Id")) {
            var value = request.getValueForField(field, String.class);
            if (value.isPresent() && !value.get().isBlank()) {
                return List.of(value.get());
            }
        }
        var batch = request.getValueForField("RequestItems", Map.class);
        if (batch.isPresent()) {
            return ((Map<?, ?>) batch.get()).keySet().stream().map(String::valueOf).sorted().toList();
        }
        return List.of();
    }

    /**
     * False for a service's refusal of what we sent (a 4xx but throttling, a missing resource, access); a missing
     * object (NoSuchKey) is an answer too.
     */
    public static boolean countsAgainstTheService(Throwable failure) {
        if (!(failure instanceof AwsServiceException e)) {
            return true; // not reachable, timed out, cut off: the service's (or the network's) state
        }
        if (e.isThrottlingException() || e.statusCode() >= 500 || e.statusCode() == 0) {
            return true;
        }
        String code = code(e);
        return lost(e) || COUNTED_4XX.contains(code) || e.statusCode() == 403;
    }

    /** True when the failure says the resource the call named does not exist. */
    public static boolean lost(Throwable failure) {
        if (!(failure instanceof AwsServiceException e)) {
            return false;
        }
        return LOST.contains(code(e)) || e instanceof software.amazon.awssdk.services.s3.model.NoSuchBucketException
                || e instanceof software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException
                || e instanceof software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
    }

    private static String code(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null ? e.getClass().getSimpleName() : code;
    }
}
