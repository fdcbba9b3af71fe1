package com.jada.chartersync.infra;

import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Node;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * What one deployment chooses, from the CDK context ({@code -c name=value}, as infra/deploy.sh passes them). The
 * names of resources that already exist adopt them instead of creating new ones (docs/aws.md).
 *
 * @param calendarId        Google Calendar id the crew schedule lives in (GOOGLE_CALENDAR_ID)
 * @param operatorUser      the operator's user name; the password is generated into Secrets Manager
 * @param imageRepository   the ECR repository infra/deploy.sh pushes the runtime's image to
 * @param imageTag          the image's tag there
 * @param waiverZip         the waiver function's package (target/charter-sync-version-waiver-lambda.zip)
 * @param desiredCount      runtime tasks (the DynamoDB lease elects one leader, so two are safe)
 * @param cloudFrontPrefixListId the region's managed prefix list com.amazonaws.global.cloudfront.origin-facing
 * @param adoptTables       use the tables of TableDefinitions that exist, by name
 * @param bucketName        an existing page bucket, or null to create one
 * @param distributionId    an existing distribution in front of it, with {@code distributionDomain}, or null
 * @param functionArn       an existing waiver function, with {@code waiverFormUrl} (its function URL), or null
 * @param domainName        the board's own name (needs {@code certificateArn}, an ACM certificate in us-east-1);
 *                          with it Google's push notifications are on (Google posts only to a verified domain)
 * @param logRetentionDays  how long the runtime's and the function's logs are kept
 * @param alarmEmail        who the alarms mail, or null for the topic alone
 */
public record DeploymentSettings(String calendarId, String operatorUser, String imageRepository, String imageTag,
                                 Path waiverZip, int desiredCount, String cloudFrontPrefixListId, boolean adoptTables,
                                 String bucketName, String distributionId, String distributionDomain,
                                 String functionArn, String waiverFormUrl, String domainName, String certificateArn,
                                 int logRetentionDays, String alarmEmail) {

    /** us-east-1's com.amazonaws.global.cloudfront.origin-facing; other regions: aws ec2 describe-managed-prefix-lists. */
    public static final String US_EAST_1_CLOUDFRONT_PREFIX_LIST = "pl-3b927c52";

    public DeploymentSettings {
        require(calendarId, "calendarId");
        require(imageTag, "imageTag");
        if (desiredCount < 1) {
            throw new IllegalArgumentException("context desiredCount must be at least 1, not " + desiredCount);
        }
        if ((distributionId == null) != (distributionDomain == null)) {
            throw new IllegalArgumentException("context distributionId and distributionDomain adopt a distribution together");
        }
        if ((functionArn == null) != (waiverFormUrl == null)) {
            throw new IllegalArgumentException("context functionArn and waiverFormUrl adopt a waiver function together");
        }
        if ((domainName == null) != (certificateArn == null)) {
            throw new IllegalArgumentException("context domainName and certificateArn go together");
        }
        if (functionArn == null && (waiverZip == null || !waiverZip.toFile().isFile())) {
            throw new IllegalArgumentException("the waiver function's package " + waiverZip
                    + " is not there: mvn package builds it (or adopt a function with -c functionArn=...)");
        }
    }

    public static DeploymentSettings from(Node context) {
        return new DeploymentSettings(
                text(context, "calendarId", null),
                text(context, "operatorUser", "operator"),
                text(context, "imageRepository", "charter-sync"),
                text(context, "imageTag", null),
                Path.of(text(context, "waiverZip", "../target/charter-sync-0.1.0-SNAPSHOT-waiver-lambda.zip")),
                Integer.parseInt(text(context, "desiredCount", "2")),
                text(context, "cloudFrontPrefixListId", US_EAST_1_CLOUDFRONT_PREFIX_LIST),
                Boolean.parseBoolean(text(context, "adoptTables", "false")),
                text(context, "bucketName", null),
                text(context, "distributionId", null),
                text(context, "distributionDomain", null),
                text(context, "functionArn", null),
                text(context, "waiverFormUrl", null),
                text(context, "domainName", null),
                text(context, "certificateArn", null),
                Integer.parseInt(text(context, "logRetentionDays", "30")),
                text(context, "alarmEmail", null));
    }

    /** Google posts push notifications only to a domain verified for the project: not to cloudfront.net. */
    public boolean push() {
        return domainName != null;
    }

    public RetentionDays logRetention() {
        return Arrays.stream(RetentionDays.values())
                .filter(r -> days(r) == logRetentionDays).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("context logRetentionDays " + logRetentionDays
                        + " is not a retention CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, 180, 365, ...)"));
    }

    private static int days(RetentionDays r) {
        return switch (r) {
            case ONE_DAY -> 1;
            case THREE_DAYS -> 3;
            case FIVE_DAYS -> 5;
            case ONE_WEEK -> 7;
            case TWO_WEEKS -> 14;
            case ONE_MONTH -> 30;
            case TWO_MONTHS -> 60;
            case THREE_MONTHS -> 90;
            case SIX_MONTHS -> 180;
            case ONE_YEAR -> 365;
            default -> -1;
        };
    }

    private static String text(Node context, String name, String fallback) {
        Object value = context.tryGetContext(name);
        String s = value == null ? null : value.toString().strip();
        return s == null || s.isEmpty() ? fallback : s;
    }

    private static void require(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("context " + name + " is required (-c " + name + "=...)");
        }
    }
}
