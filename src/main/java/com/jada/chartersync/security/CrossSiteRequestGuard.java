package com.jada.chartersync.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a web page in the operator's browser must not be able to do to the runtime, in every profile, before
 * any authentication or handler runs (credentials do not help: a browser attaches them to cross-site requests):
 * <ul>
 *   <li>a malformed path ({@code ;}, {@code ..}, encoded slashes: Spring Security's strict firewall) is a 400;</li>
 *   <li>a {@code Host} that is not one of {@link AllowedHosts}, or none at all (HTTP/1.0), is a 403 (DNS
 *       rebinding), probes excepted;</li>
 *   <li>a state-changing request (anything but GET/HEAD/OPTIONS) and any Jolokia request that comes from
 *       another site ({@code Sec-Fetch-Site: cross-site/same-site}, or an {@code Origin}, for Jolokia also a
 *       {@code Referer}, that is not the runtime's own) is a 403;</li>
 *   <li>a Jolokia request that runs an operation or writes an attribute ({@code exec}, {@code write}) on anything
 *       but POST is a 405 ({@link JolokiaGets}): an {@code <img>} or a link sends a GET without Origin or Referer;</li>
 *   <li>a state-changing {@code /api/**} request with a body that is not JSON is a 403: a form or text/plain
 *       post is what another site's page can send without asking first.</li>
 * </ul>
 * Scripts and curl send neither {@code Origin} nor {@code Sec-Fetch-Site} and are not affected. Refusals answer
 * JSON ({@code {"status":403,"reason":...}}) and are logged at DEBUG only: a hostile page could flood the log.
 */
public class CrossSiteRequestGuard extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(CrossSiteRequestGuard.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** Jolokia itself and the path Hawtio forwards to it. */
    private static final String[] JOLOKIA = {"/actuator/jolokia", "/actuator/hawtio/jolokia"};
    /** Kubernetes and load balancers probe with the pod's or node's address as Host; these answer UP/DOWN only. */
    private static final Set<String> PROBES = Set.of("/actuator/health/liveness", "/actuator/health/readiness");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AllowedHosts hosts;
    private final StrictHttpFirewall firewall = new StrictHttpFirewall();

    public CrossSiteRequestGuard(AllowedHosts hosts) {
        this.hosts = hosts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            firewall.getFirewalledRequest(request);
        } catch (RequestRejectedException e) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, "malformed request: " + e.getMessage());
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!PROBES.contains(path) && request.getHeader("Host") == null) {
            // HTTP/1.0 may leave it out; a rebinding page cannot be told from the runtime's own then
            refuse(request, response, HttpServletResponse.SC_FORBIDDEN, "the request names no host (no Host header): "
                    + "this runtime answers only requests naming one of its hosts");
            return;
        }
        if (!PROBES.contains(path) && !hosts.allows(request.getHeader("Host"))) {
            refuse(request, response, HttpServletResponse.SC_FORBIDDEN, "the Host header names a host this runtime does"
                    + " not answer to (add it to charter.security.allowed-hosts if it is yours)");
            return;
        }
        boolean jolokia = startsWithAny(path, JOLOKIA);
        boolean stateChanging = !SAFE_METHODS.contains(request.getMethod());
        if (stateChanging || jolokia) {
            String crossSite = crossSite(request, jolokia);
            if (crossSite != null) {
                refuse(request, response, HttpServletResponse.SC_FORBIDDEN, crossSite);
                return;
            }
        }
        if (jolokia && !"POST".equals(request.getMethod()) && !"OPTIONS".equals(request.getMethod()) && !JolokiaGets.isRead(request, path, JOLOKIA)) {
            response.setHeader("Allow", "POST");
            refuse(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Jolokia runs operations and writes "
                    + "attributes only on POST (with a JSON body); GET may read, list, search and ask the version");
            return;
        }
        if (stateChanging && path.startsWith("/api/") && !jsonOrNoBody(request)) {
            refuse(request, response, HttpServletResponse.SC_FORBIDDEN, request.getMethod() + " " + path
                    + " takes a body only as application/json (a form or text/plain post is what another site's page can send)");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why the request comes from another site, or null when nothing says it does. */
    private static String crossSite(HttpServletRequest request, boolean jolokia) {
        String site = request.getHeader("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site)) {
            return "cross-site request refused: the browser sent it from another site (Sec-Fetch-Site: "
                    + site.toLowerCase(java.util.Locale.ROOT) + ")";
        }
        String origin = request.getHeader("Origin");
        String header = "Origin";
        if (origin == null && jolokia) {
            // a GET can run a Jolokia operation too, and browsers send no Origin with a plain GET
            origin = request.getHeader("Referer");
            header = "Referer";
        }
        if (origin != null && !AllowedHosts.sameOrigin(origin, request.getHeader("Host"))) {
            return "cross-site request refused: its " + header + " is not this runtime's own origin";
        }
        return null;
    }

    private static boolean jsonOrNoBody(HttpServletRequest request) {
        boolean body = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (!body) {
            return true;
        }
        try {
            MediaType type = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
            return type != null && (MediaType.APPLICATION_JSON.includes(type)
                    || type.getSubtype().endsWith("+json") && "application".equals(type.getType()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static boolean startsWithAny(String path, String[] prefixes) {
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason)
            throws IOException {
        if (LOG.isDebugEnabled()) {
            LOG.debug("Refused {} {} with {}: {}", request.getMethod(), printable(request.getRequestURI()), status, reason);
        }
        writeJson(response, status, reason);
    }

    static void writeJson(HttpServletResponse response, int status, String reason) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("reason", reason);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }

    /** A request path as it may appear in a log line: printable ASCII, bounded. */
    static String printable(String s) {
        String p = s == null ? "" : s.replaceAll("[^\\x20-\\x7e]", "?");
        return p.length() > 200 ? p.substring(0, 200) + "..." : p;
    }
}
