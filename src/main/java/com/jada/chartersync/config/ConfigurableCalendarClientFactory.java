package com.jada.chartersync.config;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.Calendar;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import org.apache.camel.CamelContext;
import org.apache.camel.component.google.calendar.GoogleCalendarClientFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;

/**
 * Builds the Google Calendar client Camel's component uses, with a configurable root URL (Camel's own factory
 * always talks to googleapis.com). Credentials: an OAuth client with a refresh token (the client refreshes
 * access tokens itself), or a service account key, optionally delegating to a user; none for the local sandbox.
 */
public class ConfigurableCalendarClientFactory implements GoogleCalendarClientFactory {

    private final String rootUrl;
    private final HttpRequestInitializer extraInitializer;
    private final int connectTimeoutMs;
    private final int readTimeoutMs;

    public ConfigurableCalendarClientFactory(String rootUrl, HttpRequestInitializer extraInitializer) {
        this(rootUrl, extraInitializer, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public ConfigurableCalendarClientFactory(String rootUrl, HttpRequestInitializer extraInitializer,
                                             Duration connectTimeout, Duration readTimeout) {
        this.rootUrl = rootUrl.endsWith("/") ? rootUrl : rootUrl + "/";
        this.extraInitializer = extraInitializer;
        this.connectTimeoutMs = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMs = Math.toIntExact(readTimeout.toMillis());
    }

    @Override
    public Calendar makeClient(String clientId, String clientSecret, Collection<String> scopes, String applicationName,
                               String refreshToken, String accessToken, String emailAddress, String p12FileName,
                               String user) {
        GoogleCredentials credentials = null;
        if (refreshToken != null && !refreshToken.isBlank()) {
            credentials = UserCredentials.newBuilder()
                    .setClientId(clientId).setClientSecret(clientSecret).setRefreshToken(refreshToken).build();
        }
        return build(credentials, applicationName);
    }

    @Override
    public Calendar makeClient(CamelContext camelContext, String serviceAccountKey, Collection<String> scopes,
                               String applicationName, String delegate) {
        try {
            GoogleCredentials credentials = ServiceAccountCredentials.fromStream(
                    new ByteArrayInputStream(serviceAccountKey.getBytes(StandardCharsets.UTF_8))).createScoped(scopes);
            if (delegate != null && !delegate.isBlank()) {
                credentials = ((ServiceAccountCredentials) credentials).createDelegated(delegate);
            }
            return build(credentials, applicationName);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the Google service account key", e);
        }
    }

    private Calendar build(GoogleCredentials credentials, String applicationName) {
        HttpCredentialsAdapter auth = credentials == null ? null : new HttpCredentialsAdapter(credentials);
        HttpRequestInitializer initializer = request -> {
            if (auth != null) {
                auth.initialize(request);
            }
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
