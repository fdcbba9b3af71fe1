package com.jada.chartersync.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.HttpResponseInterceptor;
import com.google.api.client.http.HttpStatusCodes;
import com.google.api.client.http.HttpUnsuccessfulResponseHandler;
import com.google.auth.oauth2.GoogleCredentials;

import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Puts the Google credentials on every calendar request, like google-auth's {@code HttpCredentialsAdapter}, but tells
 * a permanent refusal of the token endpoint apart from a passing failure: a refused refresh token or client becomes a
 * {@link CalendarAuthorizationException} (never retried, says what to do), a 5xx or a timeout stays an
 * {@link IOException} (retried by the shared error policy). A 401 from the calendar (an access token it no longer
 * accepts) refreshes the token once and repeats the request.
 */
final class CalendarCredentials implements HttpRequestInitializer, HttpUnsuccessfulResponseHandler {

    /** Token endpoint errors that no retry can fix (RFC 6749 section 5.2). */
    private static final Set<String> PERMANENT = Set.of("invalid_grant", "invalid_client", "unauthorized_client",
            "invalid_scope", "unsupported_grant_type", "invalid_request", "access_denied");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GoogleCredentials credentials;
    private final boolean serviceAccount;
    private final CalendarAccess access;
    private final Set<HttpRequest> refreshedFor = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    CalendarCredentials(GoogleCredentials credentials, boolean serviceAccount, CalendarAccess access) {
        this.credentials = credentials;
        this.serviceAccount = serviceAccount;
        this.access = access;
        credentials.addChangeListener(changed -> access.granted());
    }

    @Override
    public void initialize(HttpRequest request) throws IOException {
        request.setUnsuccessfulResponseHandler(this);
        HttpResponseInterceptor next = request.getResponseInterceptor();
        request.setResponseInterceptor(response -> {
            if (response.isSuccessStatusCode()) {
                access.granted();
            }
            if (next != null) {
                next.interceptResponse(response);
            }
        });
        authorize(request);
    }

    private void authorize(HttpRequest request) throws IOException {
        Map<String, List<String>> metadata;
        try {
            metadata = credentials.getRequestMetadata(URI.create(request.getUrl().build()));
        } catch (IOException e) {
            throw classify(e);
        }
        metadata.forEach((name, values) -> request.getHeaders().put(name, values));
    }

    @Override
    public boolean handleResponse(HttpRequest request, HttpResponse response, boolean supportsRetry) throws IOException {
        if (response.getStatusCode() != HttpStatusCodes.STATUS_CODE_UNAUTHORIZED || !supportsRetry || !refreshedFor.add(request)) {
            return false;
        }
        try {
            credentials.refresh();
        } catch (IOException e) {
            throw classify(e);
        }
        authorize(request);
        return true;
    }

    /** A refusal for good becomes a {@link CalendarAuthorizationException}; anything else is passed on to be retried. */
    private IOException classify(IOException e) {
        CalendarAuthorizationException refusal = refusal(e, serviceAccount);
        if (refusal == null) {
            return e;
        }
        access.refused(refusal);
        throw refusal;
    }

    static CalendarAuthorizationException refusal(Throwable e, boolean serviceAccount) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpResponseException r && r.getStatusCode() >= 400 && r.getStatusCode() < 500
                    && r.getStatusCode() != 408 && r.getStatusCode() != 429) {
                // RFC 6749 5.2: a 401 of the token endpoint is the client's authentication failing
                String error = r.getStatusCode() == 401 ? "invalid_client" : "http_" + r.getStatusCode();
                String description = null;
                JsonNode body = json(r.getContent());
                if (body == null && r.getMessage() != null && r.getMessage().contains("{")) {
                    body = json(r.getMessage().substring(r.getMessage().indexOf('{')));
                }
                if (body != null && body.path("error").isTextual()) {
                    error = body.get("error").asText();
                    description = body.path("error_description").asText(null);
                }
                if (PERMANENT.contains(error) || error.startsWith("http_")) {
                    return CalendarAuthorizationException.of(serviceAccount, error, description);
                }
            }
        }
        return null;
    }

    private static JsonNode json(String text) {
        try {
            return text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }
}
