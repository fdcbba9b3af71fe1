package com.jada.chartersync.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every 4xx and 5xx the runtime answers is JSON with a reason, {@code {"status":404,"reason":"..."}}, the shape of
 * the API's own errors: what Spring sends to {@code /error} (an unknown path, a wrong method, an exception) is
 * answered here instead of Spring Boot's "Whitelabel" page, and what Tomcat refuses before Spring sees it by
 * {@link JsonErrorReportValve}.
 */
@Configuration(proxyBeanMethods = false)
public class JsonErrors {

    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        // the Host adds its error report valve when it starts, after the context is prepared
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }

    /** Replaces Spring Boot's BasicErrorController (it steps aside for any other ErrorController). */
    @RestController
    public static class JsonErrorController implements ErrorController {

        @RequestMapping("${server.error.path:${error.path:/error}}")
        public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int status = code instanceof Integer i && i >= 400 ? i : 500;
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            HttpStatus known = HttpStatus.resolve(status);
            String reason = message == null || message.toString().isBlank()
                    ? (known == null ? "error " + status : known.getReasonPhrase()) : message.toString();
            if (status == 404) {
                Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
                reason = "nothing here: " + CrossSiteRequestGuard.printable(uri == null ? "" : uri.toString());
            } else if (status >= 500) {
                // an exception's message may hold anything; the log has it
                reason = "the runtime failed to answer this request; its log has the cause";
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", status);
            body.put("reason", reason);
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                    .cacheControl(CacheControl.noStore()).body(body);
        }
    }
}
