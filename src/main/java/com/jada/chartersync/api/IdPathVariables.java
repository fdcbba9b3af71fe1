package com.jada.chartersync.api;

import com.jada.chartersync.operations.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Checks every id in a path ({@code {eventId}}, a dead letter's {@code {id}}) of every controller (the API, the
 * status board's forms) before the handler runs, so no handler sends such an id to AWS: a violation answers
 * {@code {"status":400,"reason":"eventId: longer than 200 characters (3000)","field":"eventId"}}.
 */
@Configuration(proxyBeanMethods = false)
public class IdPathVariables implements WebMvcConfigurer, HandlerInterceptor {

    private static final Set<String> IDS = Set.of("eventId", "id");

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables)) {
            return true;
        }
        for (Map.Entry<?, ?> v : variables.entrySet()) {
            if (IDS.contains(String.valueOf(v.getKey()))) {
                try {
                    RequestIds.check(String.valueOf(v.getKey()), String.valueOf(v.getValue()));
                } catch (RequestIds.InvalidIdException e) {
                    response.setStatus(400);
                    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                    response.getWriter().write("{\"status\":400,\"reason\":\"" + json(e.getMessage()) + "\",\"field\":\""
                            + json(e.field()) + "\"}");
                    return false;
                }
            }
        }
        return true;
    }

    /** The reason holds our own words and the field name only, never the id itself; escaped all the same. */
    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
