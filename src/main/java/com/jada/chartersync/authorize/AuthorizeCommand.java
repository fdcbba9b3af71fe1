package com.jada.chartersync.authorize;

import com.google.api.client.auth.oauth2.AuthorizationCodeFlow;
import com.google.api.client.auth.oauth2.AuthorizationCodeRequestUrl;
import com.google.api.client.auth.oauth2.BearerToken;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.Credential;
import com.google.api.client.extensions.java6.auth.oauth2.AuthorizationCodeInstalledApp;
import com.google.api.client.extensions.jetty.auth.oauth2.LocalServerReceiver;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.jada.chartersync.calendar.ConfigurableCalendarClientFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar charter-sync-<version>.jar --authorize}: Google's OAuth flow for an installed application, so an
 * operator can get the refresh token the runtime needs (GOOGLE_REFRESH_TOKEN) without hand-made API calls. It reads
 * the OAuth client (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET), the scope and Google's consent and token endpoints from
 * the runtime's own settings ({@code charter.calendar.auth-url}, {@code token-url}), prints the consent address (and
 * opens it where a desktop browser is at hand), receives the answer on a loopback redirect (127.0.0.1, any free port
 * or {@code charter.authorize.port}), exchanges the code with PKCE and prints the refresh token and where it goes.
 * It asks for offline access with a consent prompt, so Google hands out a refresh token every time.
 */
public final class AuthorizeCommand {

    public static final String FLAG = "--authorize";

    private final Environment settings;
    private final AuthorizationCodeInstalledApp.Browser browser;

    public AuthorizeCommand(Environment settings, AuthorizationCodeInstalledApp.Browser browser) {
        this.settings = settings;
        this.browser = browser;
    }

    /** The runtime's settings (application.yaml, environment, arguments) without the runtime: no bean, no check. */
    public static class SettingsOnly {
    }

    public static boolean requested(String[] args) {
        return Arrays.asList(args).contains(FLAG);
    }

    /** The command as the product jar runs it: the runtime's settings, the system browser, exit code. */
    public static int main(String[] args, PrintStream out) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SettingsOnly.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties("logging.level.root=WARN")
                .run(Arrays.stream(args).filter(a -> !FLAG.equals(a)).toArray(String[]::new))) {
            return new AuthorizeCommand(context.getEnvironment(), new AuthorizationCodeInstalledApp.DefaultBrowser()).run(out);
        }
    }

    /** Runs the flow; prints the refresh token on success. Answers the process exit code. */
    public int run(PrintStream out) {
        String clientId = settings.getProperty("camel.component.google-calendar.client-id", "").strip();
        String clientSecret = settings.getProperty("camel.component.google-calendar.client-secret", "").strip();
        if (clientId.isEmpty() || clientSecret.isEmpty()) {
            out.println("charter-sync --authorize needs the OAuth client the runtime uses: set GOOGLE_CLIENT_ID and "
                    + "GOOGLE_CLIENT_SECRET (a client of type 'Desktop app'; docs/aws.md).");
            return 2;
        }
        String scopes = settings.getProperty("camel.component.google-calendar.scopes", ConfigurableCalendarClientFactory.DEFAULT_SCOPE);
        String authUrl = settings.getProperty("charter.calendar.auth-url", "https://accounts.google.com/o/oauth2/v2/auth");
        String tokenUrl = settings.getProperty("charter.calendar.token-url", "https://oauth2.googleapis.com/token");
        int port = settings.getProperty("charter.authorize.port", Integer.class, 0);

        AuthorizationCodeFlow flow = new AuthorizationCodeFlow.Builder(BearerToken.authorizationHeaderAccessMethod(),
                new NetHttpTransport(), GsonFactory.getDefaultInstance(), new GenericUrl(tokenUrl),
                new ClientParametersAuthentication(clientId, clientSecret), clientId, authUrl)
                .setScopes(List.of(scopes.split("[,\\s]+")))
                .enablePKCE()
                .build();
        LocalServerReceiver receiver = new LocalServerReceiver.Builder().setHost("127.0.0.1").setPort(port <= 0 ? -1 : port).build();
        out.println("Authorizing charter-sync to read and update events of Google Calendar (" + scopes + ").");
        out.println("Sign in with the account that holds the crew calendar and allow access.");
        Credential credential;
        try {
            credential = new AuthorizationCodeInstalledApp(flow, receiver, browser) {
                @Override
                protected void onAuthorization(AuthorizationCodeRequestUrl url) throws IOException {
                    // a refresh token only comes with offline access; the consent prompt makes Google issue a new one
                    url.set("access_type", "offline").set("prompt", "consent");
                    super.onAuthorization(url);
                }
            }.authorize("charter-sync");
        } catch (IOException e) {
            out.println("Authorization failed: " + e.getMessage());
            return 1;
        }
        String refreshToken = credential.getRefreshToken();
        if (refreshToken == null || refreshToken.isBlank()) {
            out.println("Google answered without a refresh token; remove charter-sync's access from the Google account "
                    + "and run --authorize again.");
            return 1;
        }
        out.println();
        out.println("Authorized. The refresh token (a secret: keep it out of logs and tickets):");
        out.println();
        out.println(refreshToken);
        out.println();
        out.println("Put it where the runtime reads it, GOOGLE_REFRESH_TOKEN (camel.component.google-calendar.refresh-token),");
        out.println("beside this GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, and restart the runtime.");
        return 0;
    }
}
