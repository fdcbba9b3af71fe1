package com.jada.chartersync.security;

import org.junit.jupiter.api.Test;

import javax.management.ObjectName;

import static org.assertj.core.api.Assertions.assertThat;

/** Which MBean operations Jolokia (and Hawtio) may run, read or write. */
class JolokiaAccessPolicyTest {

    private final JolokiaAccessPolicy policy = new JolokiaAccessPolicy();

    @Test
    void jvmLevelOperationsAndWritesAreRefused() throws Exception {
        assertThat(policy.isOperationAllowed(new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("java.lang:type=Memory"), "gc")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("java.lang:type=Threading"), "dumpAllThreads")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("jdk.management.jfr:type=FlightRecorder"), "newRecording")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("java.util.logging:type=Logging"), "setLoggerLevel")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("jolokia:type=Config"), "debugInfo")).isFalse();
        assertThat(policy.isAttributeWriteAllowed(new ObjectName("java.lang:type=ClassLoading"), "Verbose")).isFalse();
        assertThat(policy.isAttributeWriteAllowed(new ObjectName("java.lang:type=Memory"), "Verbose")).isFalse();
    }

    @Test
    void camelAndTheProjectsOwnOperationsRunButNotMessagesToEndpointsOfTheCallersChoosing() throws Exception {
        ObjectName triggers = new ObjectName("charter-sync:type=Operations,name=Triggers");
        assertThat(policy.isOperationAllowed(triggers, "syncNow")).isTrue();
        assertThat(policy.isOperationAllowed(triggers, "correctCrew(java.lang.String,java.lang.String,java.lang.String)")).isTrue();
        ObjectName route = new ObjectName("org.apache.camel:context=charter-sync,type=routes,name=\"calendar-poll\"");
        assertThat(policy.isOperationAllowed(route, "stop()")).isTrue();
        assertThat(policy.isAttributeWriteAllowed(route, "TracingPattern")).isTrue();
        ObjectName context = new ObjectName("org.apache.camel:context=charter-sync,type=context,name=\"charter-sync\"");
        assertThat(policy.isOperationAllowed(context, "dumpRoutesAsXml()")).isTrue();
        assertThat(policy.isOperationAllowed(context, "sendStringBody(java.lang.String,java.lang.String)")).isFalse();
        assertThat(policy.isOperationAllowed(context, "createEndpoint")).isFalse();
        assertThat(policy.isOperationAllowed(new ObjectName("hawtio:type=security,name=RBACRegistry"), "list()")).isTrue();
    }

    @Test
    void readsAreAllowedExceptTheJvmsCommandLineAndSystemProperties() throws Exception {
        assertThat(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage")).isTrue();
        assertThat(policy.isAttributeReadAllowed(new ObjectName("org.apache.camel:context=c,type=routes,name=\"r\""), "State")).isTrue();
        assertThat(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "Uptime")).isTrue();
        assertThat(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "SystemProperties")).isFalse();
        assertThat(policy.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "InputArguments")).isFalse();
    }

    @Test
    void noOriginIsEverGrantedCors() {
        assertThat(policy.isOriginAllowed("http://evil.example", false)).isFalse();
        assertThat(policy.isOriginAllowed("http://localhost:8080", false)).isFalse();
        // requests themselves were already sorted by the guard in front
        assertThat(policy.isOriginAllowed("http://localhost:8080", true)).isTrue();
    }
}
