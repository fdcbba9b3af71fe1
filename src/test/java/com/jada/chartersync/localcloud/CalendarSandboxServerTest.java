package com.jada.chartersync.localcloud;

import com.jada.chartersync.localcloud.calendar.CalendarSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CalendarSandboxServerTest {

    @TempDir
    Path dir;

    @Test
    void theSampleCalendarRunsAloneBehindItsOwnOAuthServer() throws Exception {
        try (CalendarSandbox sandbox = CalendarSandboxServer.start(0, dir)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + sandbox.port();
            String token = http.send(HttpRequest.newBuilder(URI.create(base + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + CalendarSandbox.LOCAL_CLIENT_ID
                            + "&client_secret=" + CalendarSandbox.LOCAL_CLIENT_SECRET + "&refresh_token="
                            + CalendarSandbox.LOCAL_REFRESH_TOKEN)).build(), HttpResponse.BodyHandlers.ofString())
                    .body().replaceAll(".*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/calendar/v3/calendars/jada-internal/events")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(events.statusCode()).isEqualTo(200);
            assertThat(events.body()).contains("Quinn", "Jonathan", "Danika");
        }
    }
}
