package com.jada.chartersync.security;

import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Which Jolokia GET requests only read: a GET is what a link, an {@code <img>} or a prefetch sends without anyone
 * deciding to, so {@code exec} and {@code write} (and anything not known to read) are POST only. The request type is
 * the first segment of Jolokia's path, taken from the URL or, as Jolokia does, from its {@code p} parameter.
 */
final class JolokiaGets {

    private static final Set<String> READS = Set.of("", "read", "list", "search", "version");

    private JolokiaGets() {
    }

    static boolean isRead(HttpServletRequest request, String path, String[] prefixes) {
        String rest = path;
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                rest = path.substring(prefix.length());
                break;
            }
        }
        String p = request.getParameter("p");
        if (p != null) {
            rest = p;
        }
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String type = decoded.replaceFirst("^/+", "");
        int slash = type.indexOf('/');
        type = (slash < 0 ? type : type.substring(0, slash)).toLowerCase(Locale.ROOT);
        return READS.contains(type);
    }
}
