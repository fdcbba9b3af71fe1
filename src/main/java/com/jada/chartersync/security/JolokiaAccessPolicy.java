package com.jada.chartersync.security;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

import javax.management.ObjectName;
import java.util.Set;

/**
 * What Jolokia (and so Hawtio) may do with the JVM's MBeans, in every profile. Jolokia's Spring Boot support
 * uses a {@link Restrictor} bean in place of its allow-everything default.
 * <ul>
 *   <li>Read: every attribute, except the JVM's command line and system properties (they can carry secrets).</li>
 *   <li>Operations and attribute writes: only on the project's own MBeans ({@code charter-sync}), Camel's
 *       ({@code org.apache.camel}, routes, consumers, tracing) and Hawtio's helpers. Refused: everything at JVM
 *       level ({@code com.sun.management} heap dumps and diagnostic commands, {@code java.lang} gc, threads
 *       and class loading, {@code jdk.management.jfr} recordings, {@code java.util.logging}, Jolokia's own), and
 *       the Camel operations that send a message to, or build a route from, an endpoint URI the caller writes
 *       (through {@code file:} or similar that would reach beyond the sync).</li>
 *   <li>CORS: never granted. Hawtio is served from the runtime's own origin and needs none; a foreign origin
 *       gets no {@code Access-Control-Allow-Origin} (and so never credentials). Which requests come from another
 *       origin at all is decided by {@link CrossSiteRequestGuard} before Jolokia sees them.</li>
 * </ul>
 */
public class JolokiaAccessPolicy implements Restrictor {

    private static final Set<String> OPERABLE_DOMAINS = Set.of("charter-sync", "org.apache.camel", "hawtio");
    private static final Set<String> CAMEL_OPERATIONS_REFUSED = Set.of("sendBody", "sendStringBody", "sendBodyAndHeaders",
            "requestBody", "requestStringBody", "requestBodyAndHeaders", "createEndpoint", "updateRouteFromXml",
            "addOrUpdateRoutesFromXml", "evaluateExpressionAtBreakpoint");
    private static final Set<String> RUNTIME_ATTRIBUTES_HIDDEN = Set.of("SystemProperties", "InputArguments");

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return type != RequestType.NOTIFICATION;
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return !("java.lang".equals(name.getDomain()) && "Runtime".equals(name.getKeyProperty("type"))
                && RUNTIME_ATTRIBUTES_HIDDEN.contains(attribute));
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return OPERABLE_DOMAINS.contains(name.getDomain());
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        if (!OPERABLE_DOMAINS.contains(name.getDomain())) {
            return false;
        }
        String bare = operation == null ? "" : operation.replaceFirst("\\(.*$", "");
        return !("org.apache.camel".equals(name.getDomain()) && CAMEL_OPERATIONS_REFUSED.contains(bare));
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        // who may call is decided by authentication (and by loopback binding where there is none)
        return true;
    }

    /**
     * {@code strictCheck} true: may a request carrying this Origin (or Referer) be served at all? Yes: the guard in
     * front has already refused every one that is not the runtime's own. False: may the answer name it in
     * {@code Access-Control-Allow-Origin} (with credentials)? Never.
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean strictCheck) {
        return strictCheck;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }
}
