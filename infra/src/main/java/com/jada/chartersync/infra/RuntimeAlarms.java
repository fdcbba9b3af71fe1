package com.jada.chartersync.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.MetricFilterOptions;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.util.List;

/**
 * The runtime's alarms, to one SNS topic. The runtime publishes its metrics to Prometheus (/actuator/prometheus),
 * not to CloudWatch, so they watch what CloudWatch sees: the load balancer's view of readiness, and the log line of
 * each new dead letter.
 */
public final class RuntimeAlarms extends Construct {

    /** The line DeadLetterStore logs for each new dead letter: "Dead letter {id} from route {route} (event ...)". */
    static final List<String> DEAD_LETTER_LOG_TERMS = List.of("Dead letter", "from route");
    static final String METRICS_NAMESPACE = "charter-sync";

    public RuntimeAlarms(Construct scope, String id, String alarmEmail, ApplicationTargetGroup runtime, LogGroup logs) {
        super(scope, id);
        Topic topic = Topic.Builder.create(this, "Topic").displayName("charter-sync alarms").build();
        if (alarmEmail != null) {
            topic.addSubscription(new EmailSubscription(alarmEmail));
        }
        Alarm unhealthy = runtime.getMetrics().unhealthyHostCount(MetricOptions.builder().statistic("Maximum")
                        .period(Duration.minutes(1)).build())
                .createAlarm(this, "RuntimeUnhealthy", CreateAlarmOptions.builder()
                        .alarmDescription("a runtime task fails its readiness probe (" + RuntimeStack.READINESS_PATH + ")")
                        .threshold(1).evaluationPeriods(3)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING).build());
        Alarm noneHealthy = runtime.getMetrics().healthyHostCount(MetricOptions.builder().statistic("Minimum")
                        .period(Duration.minutes(1)).build())
                .createAlarm(this, "NoRuntimeHealthy", CreateAlarmOptions.builder()
                        .alarmDescription("no runtime task is ready: the board, the API and the sync are down")
                        .threshold(1).evaluationPeriods(3)
                        .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                        .treatMissingData(TreatMissingData.BREACHING).build());
        MetricFilter deadLetterLines = logs.addMetricFilter("DeadLetterLines", MetricFilterOptions.builder()
                .filterPattern(FilterPattern.allTerms(DEAD_LETTER_LOG_TERMS.toArray(String[]::new)))
                .metricNamespace(METRICS_NAMESPACE).metricName("DeadLetters").metricValue("1").defaultValue(0)
                .build());
        Alarm deadLetters = deadLetterLines.metric(MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build())
                .createAlarm(this, "DeadLetters", CreateAlarmOptions.builder()
                        .alarmDescription("the runtime dead-lettered an event: the board's dead letters say why")
                        .threshold(1).evaluationPeriods(1)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                        .treatMissingData(TreatMissingData.NOT_BREACHING).build());
        for (Alarm alarm : List.of(unhealthy, noneHealthy, deadLetters)) {
            alarm.addAlarmAction(new SnsAction(topic));
        }
    }
}
