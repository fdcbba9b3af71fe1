package com.jada.chartersync.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The host names this runtime answers to: loopback always ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}),
 * plus {@code charter.security.allowed-hosts} for a deployment (the name operators and the load balancer use).
 * A request naming any other host in its {@code Host} header is what DNS rebinding looks like: a page on
 * {@code evil.example} whose name was re-pointed at 127.0.0.1.
 */
public final class AllowedHosts {

    static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> names = new LinkedHashSet<>(LOOPBACK);

    public AllowedHosts(Collection<String> configured) {
        for (String name : configured) {
            if (name != null && !name.isBlank()) {
                names.add(normalize(name.strip()));
            }
        }
    }

    public Set<String> names() {
        return Set.copyOf(names);
    }

    /** Whether a {@code Host} header value ({@code name}, {@code name:port}, {@code [v6]:port}) names an allowed host. */
    public boolean allows(String hostHeader) {
        Authority a = Authority.parse(hostHeader);
        return a != null && names.contains(a.host());
    }

    /**
     * Whether an {@code Origin} (or a {@code Referer} URL) is the origin the request was sent to, i.e. names the
     * host and port of its {@code Host} header. A Host without a port means the default port of the scheme the
     * browser used, which is the Origin's own (a TLS-terminating proxy in front does not change the answer).
     */
    static boolean sameOrigin(String url, String hostHeader) {
        URI u;
        try {
            u = new URI(url.strip());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        String authority = u.getRawAuthority();
        if (!(scheme.equals("http") || scheme.equals("https")) || authority == null || authority.contains("@")) {
            return false;
        }
        Authority origin = Authority.parse(authority);
        Authority host = Authority.parse(hostHeader);
        if (origin == null || host == null || !origin.host().equals(host.host())) {
            return false;
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        return (origin.port() < 0 ? defaultPort : origin.port()) == (host.port() < 0 ? defaultPort : host.port());
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.indexOf(':') >= 0 && !n.startsWith("[") ? "[" + n + "]" : n;
    }

    /** Host (lower case, IPv6 in brackets) and port (-1 when absent) of a Host header or a URL's authority. */
    record Authority(String host, int port) {

        static Authority parse(String hostHeader) {
            if (hostHeader == null || hostHeader.isBlank()) {
                return null;
            }
            String h = hostHeader.strip().toLowerCase(Locale.ROOT);
            String host;
            String rest;
            if (h.startsWith("[")) {
                int close = h.indexOf(']');
                if (close < 0) {
                    return null;
                }
                host = h.substring(0, close + 1);
                rest = h.substring(close + 1);
            } else {
                int colon = h.indexOf(':');
                host = colon < 0 ? h : h.substring(0, colon);
                rest = colon < 0 ? "" : h.substring(colon);
            }
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            if (host.isEmpty() || !host.matches("\\[[0-9a-f:.]+]|[a-z0-9.-]+")) {
                return null;
            }
            if (rest.isEmpty()) {
                return new Authority(host, -1);
            }
            if (!rest.matches(":\\d{1,5}")) {
                return null;
            }
            return new Authority(host, Integer.parseInt(rest.substring(1)));
        }
    }
}
