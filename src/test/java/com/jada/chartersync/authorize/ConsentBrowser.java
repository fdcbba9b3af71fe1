package com.jada.chartersync.authorize;

import com.google.api.client.extensions.java6.auth.oauth2.AuthorizationCodeInstalledApp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The operator's browser in tests: opens the consent address, which (at the calendar sandbox) consents at once and
 * redirects to the command's loopback redirect URI, and follows that redirect as a browser would.
 */
public final class ConsentBrowser implements AuthorizationCodeInstalledApp.Browser {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private volatile String opened;

    @Override
    public void browse(String url) throws IOException {
        opened = url;
        try {
            HttpResponse<String> landing = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (landing.statusCode() != 200) {
                throw new IOException("the loopback redirect answered " + landing.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The consent address the command asked to open. */
    public String opened() {
        return opened;
    }
}
