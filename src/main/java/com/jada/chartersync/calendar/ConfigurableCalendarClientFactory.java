package com.jada.chartersync.calendar;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.Calendar;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import org.apache.camel.CamelContext;
import org.apache.camel.component.google.calendar.GoogleCalendarClientFactory;
import org.apache.camel.support.ResourceHelper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Builds the Google Calendar client Camel's component uses, with a configurable root URL and token endpoint
 * (Camel's own factory always talks to googleapis.com and Google's token server). Credentials
 * ({@code charter.calendar.auth}): {@code oauth}, an OAuth client with a refresh token, from which the client
 * refreshes short-lived access tokens itself; or {@code service-account}, a service account key, optionally
 * delegating to a user (domain-wide delegation), exchanged for access tokens with the JWT-bearer grant. There is no
 * mode without credentials: missing ones stop the runtime at start ({@link RequiredSettings}).
 */
public class ConfigurableCalendarClientFactory implements GoogleCalendarClientFactory {

    /** Enough for what the runtime calls: events list, get and patch. */
    public static final String DEFAULT_SCOPE = "https://www.googleapis.com/auth/calendar.events";

    private final String rootUrl;
    private final URI tokenUrl;
    private final String auth;
    private final HttpRequestInitializer extraInitializer;
    private final CalendarAccess access;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;

    public ConfigurableCalendarClientFactory(String rootUrl, URI tokenUrl, String auth, HttpRequestInitializer extraInitializer,
                                             CalendarAccess access) {
        this(rootUrl, tokenUrl, auth, extraInitializer, access, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public ConfigurableCalendarClientFactory(String rootUrl, URI tokenUrl, String auth, HttpRequestInitializer extraInitializer,
                                             CalendarAccess access, Duration connectTimeout, Duration readTimeout) {
        this.rootUrl = rootUrl.endsWith("/") ? rootUrl : rootUrl + "/";
        this.tokenUrl = tokenUrl;
        this.auth = auth == null ? "oauth" : auth;
        this.extraInitializer = extraInitializer;
        this.access = access;
        this.connectTimeoutMs = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMs = Math.toIntExact(readTimeout.toMillis());
    }

    @Override
    public Calendar makeClient(String clientId, String clientSecret, Collection<String> scopes, String applicationName,
                               String refreshToken, String accessToken, String emailAddress, String p12FileName,
                               String user) {
        if (!"oauth".equals(auth)) {
            throw new IllegalStateException("charter.calendar.auth is " + auth + ", but an OAuth client id is set "
                    + "(GOOGLE_CLIENT_ID): leave GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET empty for a service account");
        }
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new IllegalStateException("GOOGLE_REFRESH_TOKEN is empty: the calendar cannot be read without it "
                    + "(get one with 'java -jar charter-sync-<version>.jar --authorize')");
        }
        GoogleCredentials credentials = UserCredentials.newBuilder()
                .setClientId(clientId).setClientSecret(clientSecret).setRefreshToken(refreshToken)
                .setTokenServerUri(tokenUrl).build();
        return build(new CalendarCredentials(credentials, false, access), applicationName);
    }

    @Override
    public Calendar makeClient(CamelContext camelContext, String serviceAccountKey, Collection<String> scopes,
                               String applicationName, String delegate) {
        if (!"service-account".equals(auth)) {
            throw new IllegalStateException("charter.calendar.auth is " + auth + ", but only a service account key is "
                    + "set: set CHARTER_CALENDAR_AUTH=service-account, or GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET");
        }
        try (InputStream key = key(camelContext, serviceAccountKey)) {
            ServiceAccountCredentials.Builder builder = ((ServiceAccountCredentials) GoogleCredentials.fromStream(key))
                    .toBuilder()
                    .setTokenServerUri(tokenUrl)
                    .setScopes(scopes == null || scopes.isEmpty() ? List.of(DEFAULT_SCOPE) : scopes);
            if (delegate != null && !delegate.isBlank()) {
                builder.setServiceAccountUser(delegate);
            }
            return build(new CalendarCredentials(builder.build(), true, access), applicationName);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("GOOGLE_SERVICE_ACCOUNT_KEY is not a service account key (JSON, or file:, "
                    + "classpath: or base64: pointing at one): " + e.getMessage(), e);
        }
    }

    /** The key itself (JSON), or a Camel resource naming it ({@code file:}, {@code classpath:}, {@code base64:}). */
    private static InputStream key(CamelContext camelContext, String serviceAccountKey) throws IOException {
        String key = serviceAccountKey.strip();
        if (key.startsWith("{")) {
            return new ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return ResourceHelper.resolveMandatoryResourceAsInputStream(camelContext, key);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the Google service account key " + key, e);
        }
    }

    private Calendar build(HttpRequestInitializer credentials, String applicationName) {
        HttpRequestInitializer initializer = request -> {
            credentials.initialize(request);
            request.setConnectTimeout(connectTimeoutMs);
            request.setReadTimeout(readTimeoutMs);
            if (extraInitializer != null) {
                extraInitializer.initialize(request);
            }
        };
        return new Calendar.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), initializer)
                .setRootUrl(rootUrl)
                .setApplicationName(applicationName == null ? "charter-sync" : applicationName)
                .build();
    }
}
