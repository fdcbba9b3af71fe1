package com.jada.chartersync.config;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudfront.model.CloudFrontException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CallOutcomeTest {

    private static DynamoDbException dynamo(int status, String code) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void ourOwnBadRequestDoesNotCountAgainstTheService() {
        assertThat(CallOutcome.countsAgainstTheService(dynamo(400, "ValidationException"))).isFalse();
        assertThat(CallOutcome.countsAgainstTheService(dynamo(400, "ConditionalCheckFailedException"))).isFalse();
        assertThat(CallOutcome.countsAgainstTheService(dynamo(400, "SerializationException"))).isFalse();
    }

    @Test
    void outagesThrottlingMissingResourcesAndAccessCount() {
        assertThat(CallOutcome.countsAgainstTheService(dynamo(500, "InternalServerError"))).isTrue();
        assertThat(CallOutcome.countsAgainstTheService(dynamo(400, "ThrottlingException"))).isTrue();
        assertThat(CallOutcome.countsAgainstTheService(dynamo(400, "ProvisionedThroughputExceededException"))).isTrue();
        assertThat(CallOutcome.countsAgainstTheService(dynamo(400, "AccessDeniedException"))).isTrue();
        assertThat(CallOutcome.countsAgainstTheService(CloudFrontException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TooManyInvalidationsInProgress").build()).build())).isTrue();
        assertThat(CallOutcome.countsAgainstTheService(SdkClientException.create("Connection refused"))).isTrue();

        assertThat(CallOutcome.lost(dynamo(400, "ResourceNotFoundException"))).isTrue();
        assertThat(CallOutcome.countsAgainstTheService(dynamo(400, "ResourceNotFoundException"))).isTrue();
        assertThat(CallOutcome.lost(dynamo(500, "InternalServerError"))).isFalse();
    }

    @Test
    void aCallNamesTheResourcesItTouches() {
        assertThat(CallOutcome.resources(PutObjectRequest.builder().bucket("jada-guest-pages").key("k").build()))
                .containsExactly("jada-guest-pages");
        KeysAndAttributes keys = KeysAndAttributes.builder().keys(java.util.List.of(Map.of("id", AttributeValue.fromS("1")))).build();
        assertThat(CallOutcome.resources(BatchGetItemRequest.builder()
                .requestItems(Map.of("jada-events", keys, "jada-calendar-links", keys)).build()))
                .containsExactly("jada-calendar-links", "jada-events");
    }
}
