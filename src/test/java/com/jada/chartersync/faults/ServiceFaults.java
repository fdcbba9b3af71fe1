package com.jada.chartersync.faults;

/**
 * Error answers in each service's own wire format, as its clients parse them: the AWS SDK decides from status,
 * {@code __type}/{@code Code}/{@code x-amzn-ErrorType} whether to retry and how long to back off (throttling gets
 * its own back-off), the Google client reads the JSON error with its reason.
 */
public final class ServiceFaults {

    private static final String DYNAMO_JSON = "application/x-amz-json-1.0";
    private static final String CLOUDFRONT_NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

    private ServiceFaults() {
    }

    // ---- DynamoDB ------------------------------------------------------------------------------

    public static Fault dynamoThrottling() {
        return dynamo(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.");
    }

    public static Fault dynamoProvisionedThroughputExceeded() {
        return dynamo(400, "ProvisionedThroughputExceededException", "The level of configured provisioned throughput "
                + "for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.");
    }

    /** DynamoDB refusing what we sent (here: as it answers a key over 2048 bytes). */
    public static Fault dynamoValidationException() {
        return dynamo(400, "ValidationException", "One or more parameter values were invalid: Size of hashkey has "
                + "exceeded the maximum size limit of2048 bytes");
    }

    public static Fault dynamoInternalServerError() {
        return dynamo(500, "InternalServerError", "Internal server error");
    }

    private static Fault dynamo(int status, String type, String message) {
        return Fault.respond(status, DYNAMO_JSON,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}",
                "x-amzn-RequestId", "FAULTPROXY0000000000000000000000000000000000000000000").describedAs(status + " " + type);
    }

    // ---- S3 ------------------------------------------------------------------------------------

    public static Fault s3SlowDown() {
        return s3(503, "SlowDown", "Please reduce your request rate.");
    }

    public static Fault s3InternalError() {
        return s3(500, "InternalError", "We encountered an internal error. Please try again.");
    }

    private static Fault s3(int status, String code, String message) {
        return Fault.respond(status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                        + "</Code><Message>" + message + "</Message><RequestId>FAULTPROXY000000</RequestId>"
                        + "<HostId>faultproxy</HostId></Error>",
                "x-amz-request-id", "FAULTPROXY000000").describedAs(status + " " + code);
    }

    // ---- CloudFront API ------------------------------------------------------------------------

    public static Fault cloudFrontTooManyInvalidationsInProgress() {
        return cloudFront(400, "Sender", "TooManyInvalidationsInProgress", "Processing your request will cause you to "
                + "exceed the maximum number of in-progress wildcard invalidations.");
    }

    public static Fault cloudFrontServiceUnavailable() {
        return cloudFront(503, "Receiver", "ServiceUnavailable", "CloudFront encountered an internal error. Please try again.");
    }

    private static Fault cloudFront(int status, String type, String code, String message) {
        return Fault.respond(status, "text/xml", "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + CLOUDFRONT_NS
                        + "\"><Error><Type>" + type + "</Type><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error><RequestId>faultproxy-0000</RequestId></ErrorResponse>",
                "x-amzn-RequestId", "faultproxy-0000").describedAs(status + " " + code);
    }

    // ---- Lambda --------------------------------------------------------------------------------

    public static Fault lambdaTooManyRequests() {
        return lambda(429, "TooManyRequestsException",
                "{\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\",\"Type\":\"User\",\"message\":\"Rate Exceeded.\"}");
    }

    public static Fault lambdaServiceException() {
        return lambda(500, "ServiceException", "{\"Type\":\"Service\",\"message\":\"An internal error occurred.\"}");
    }

    private static Fault lambda(int status, String type, String body) {
        return Fault.respond(status, "application/json", body, "x-amzn-ErrorType", type,
                "x-amzn-RequestId", "faultproxy-0000").describedAs(status + " " + type);
    }

    // ---- Google Calendar -----------------------------------------------------------------------

    public static Fault googleRateLimitExceeded403() {
        return google(403, "Rate Limit Exceeded", "usageLimits", "rateLimitExceeded", "");
    }

    public static Fault googleTooManyRequests429() {
        return google(429, "Rate Limit Exceeded", "usageLimits", "rateLimitExceeded", ",\"status\":\"RESOURCE_EXHAUSTED\"");
    }

    public static Fault googleBackendError503() {
        return google(503, "Backend Error", "global", "backendError", ",\"status\":\"UNAVAILABLE\"");
    }

    private static Fault google(int status, String message, String domain, String reason, String extra) {
        return Fault.respond(status, "application/json; charset=UTF-8", "{\"error\":{\"code\":" + status
                + ",\"message\":\"" + message + "\",\"errors\":[{\"domain\":\"" + domain + "\",\"reason\":\"" + reason
                + "\",\"message\":\"" + message + "\"}]" + extra + "}}").describedAs(status + " " + reason);
    }

    // ---- the edge (what guests open) ----------------------------------------------------------

    public static Fault edgeServiceUnavailable() {
        return Fault.respond(503, "text/html", "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">"
                        + "<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY>"
                        + "<H1>503 ERROR</H1><H2>The request could not be satisfied.</H2></BODY></HTML>",
                "X-Cache", "Error from cloudfront").describedAs("503 from the edge");
    }
}
