package com.jada.chartersync.infra;

import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The calls each piece of code makes, by resource, as IAM actions: written once from the code's own calls
 * (DynamoDbClient, S3Client, CloudFrontClient, LambdaClient and Camel's aws2 producers), so the grants are exactly
 * those and {@code LeastPrivilegeIT} can hold them to it. The CDK's grants (grantReadWriteData and the like) are
 * wider than that; these narrow them.
 */
public final class LeastPrivilege {

    /**
     * The runtime on its tables, the lease included: records, links, cursor, processed keys and dead letters read and
     * written item by item and in batches, the board's Query by date, the audit's and redrive's Scans, the lock
     * client's conditional puts, heartbeats (UpdateItem) and release (DeleteItem), health's DescribeTable. No
     * CreateTable, UpdateTable or TTL calls: those run only with charter.aws.create-tables, off on AWS.
     */
    public static final List<String> RUNTIME_ON_TABLES = List.of("dynamodb:BatchGetItem", "dynamodb:BatchWriteItem",
            "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query",
            "dynamodb:Scan", "dynamodb:UpdateItem");
    /** Page uploads (Camel's aws2-s3 PutObject) and the check and audit reading them back (GetObject, HeadObject). */
    public static final List<String> RUNTIME_ON_PAGES = List.of("s3:GetObject", "s3:PutObject");
    /** The audit's listing of a date folder (ListObjectsV2) and health's HeadBucket. */
    public static final List<String> RUNTIME_ON_BUCKET = List.of("s3:ListBucket");
    /** Invalidations, and health's look at the last one. */
    public static final List<String> RUNTIME_ON_EDGE = List.of("cloudfront:CreateInvalidation",
            "cloudfront:ListInvalidations");
    /** The waiver check (Camel's aws2-lambda invokeFunction) and health's GetFunctionConfiguration. */
    public static final List<String> RUNTIME_ON_WAIVER = List.of("lambda:GetFunctionConfiguration",
            "lambda:InvokeFunction");
    /** The waiver function on the events table: reads charters (one or in batches), writes their waiver counts. */
    public static final List<String> WAIVER_ON_EVENTS = List.of("dynamodb:BatchGetItem", "dynamodb:GetItem",
            "dynamodb:UpdateItem");
    /** The waiver function on its own table: the ledger, a charter's waivers by index, date-waivers' Scan. */
    public static final List<String> WAIVER_ON_WAIVERS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem");

    private LeastPrivilege() {
    }

    /** {@code actions} on each table and its indexes. */
    public static void allow(IGrantable who, List<String> actions, ITable... tables) {
        allow(who, actions, List.of(tables));
    }

    public static void allow(IGrantable who, List<String> actions, Collection<ITable> tables) {
        List<String> arns = new ArrayList<>();
        for (ITable table : tables) {
            arns.add(table.getTableArn());
            arns.add(table.getTableArn() + "/index/*");
        }
        allowOn(who, actions, arns);
    }

    public static void allowOn(IGrantable who, List<String> actions, List<String> resources) {
        who.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(actions).resources(resources).build());
    }
}
