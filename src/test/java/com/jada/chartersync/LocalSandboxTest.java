package com.jada.chartersync;

import com.jada.chartersync.sync.SyncCycles;
import com.jada.chartersync.record.EventRecordStore;
import com.jada.chartersync.sync.SandboxClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole runtime on its embedded default (real stand-ins over HTTP), on free
 * ports and a fresh data directory, so it runs beside a developer's own runtime. Every subclass shares the one
 * Spring context (and so one started sandbox) per test JVM. JMX and metrics export are on, as in production.
 * The board's and the manifest's clock stands at {@link #EVENING_BEFORE} the sample Sunday (the sample is in the
 * past); the sync itself keeps the real clock.
 */
@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(classes = CharterSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.jmx.enabled=true", "charter.clock.fixed=" + LocalSandboxTest.EVENING_BEFORE,
                // the dead letters these tests make are theirs to replay or resolve; FaultInjectionTest covers the
                // redrive that later cycles make by themselves (a redrive of another test's entry would add calls)
                "charter.dead-letters.redrive.first-after=1h"})
@ActiveProfiles("local")
public abstract class LocalSandboxTest {

    /** The evening before the sample Sunday, 2026-05-31, in the marina's time zone. */
    public static final String EVENING_BEFORE = "2026-05-30T20:00:00-07:00";

    private static final SandboxPorts PORTS = new SandboxPorts();
    protected static final int CALENDAR_PORT = PORTS.calendar;
    protected static final int EDGE_PORT = PORTS.edge;
    protected static final int LAMBDA_PORT = PORTS.lambda;

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        PORTS.register(registry);
    }

    @Autowired
    protected TestRestTemplate rest;
    @Autowired
    protected SyncCycles cycles;
    @Autowired
    protected EventRecordStore records;
    @Autowired
    protected DynamoDbClient dynamo;
    @Autowired
    protected S3Client s3;

    @Autowired
    protected com.jada.chartersync.leader.Leadership leadership;

    /**
     * The one runtime of these tests leads (at once on a fresh lease table) before a test runs its cycles: full
     * cycles run on the leader only.
     */
    @org.junit.jupiter.api.BeforeEach
    void leadsBeforeItsCycles() throws InterruptedException {
        awaitLeads(leadership);
    }

    /** Waits (at most 30 s) until the runtime holds the lease; fails the test if it does not. */
    public static void awaitLeads(com.jada.chartersync.leader.Leadership leadership) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (!leadership.leads() && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        org.assertj.core.api.Assertions.assertThat(leadership.leads()).as("the runtime leads").isTrue();
    }

    /** What an operator does with curl against the calendar sandbox and the edge. */
    protected final SandboxClient sandbox = new SandboxClient(CALENDAR_PORT, EDGE_PORT);
}
