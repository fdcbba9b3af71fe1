package com.jada.chartersync.localcloud;

import com.jada.chartersync.localcloud.calendar.CalendarSandbox;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The calendar sandbox alone (the Calendar API and its OAuth server, seeded with the sample calendar), for a runtime
 * whose AWS side is an emulator (profile {@code localstack}): no other stand-in starts. One command (docs/aws.md):
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.jada.chartersync.localcloud.CalendarSandboxServer [-Dexec.args="8095 data/calendar-alone"]
 * </pre>
 * It prints the settings the runtime needs to read it, the window of the sample charters included.
 */
public final class CalendarSandboxServer {

    private CalendarSandboxServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8095;
        Path dir = Path.of(args.length > 1 ? args[1] : "data/calendar-alone").toAbsolutePath();
        CalendarSandbox sandbox = start(port, dir);
        String base = "http://127.0.0.1:" + sandbox.port();
        System.out.println("calendar sandbox on " + base + "; for the runtime:");
        System.out.println("export GOOGLE_CALENDAR_ID=jada-internal GOOGLE_CLIENT_ID=" + CalendarSandbox.LOCAL_CLIENT_ID
                + " GOOGLE_CLIENT_SECRET=" + CalendarSandbox.LOCAL_CLIENT_SECRET
                + " GOOGLE_REFRESH_TOKEN=" + CalendarSandbox.LOCAL_REFRESH_TOKEN
                + " CHARTER_CALENDAR_ROOTURL=" + base + "/ CHARTER_CALENDAR_TOKENURL=" + base + "/token"
                + " CHARTER_CALENDAR_AUTHURL=" + base + "/o/oauth2/v2/auth"
                // the sample charters sail May 29 to June 14, 2026: the window must hold them
                + " CHARTER_CALENDAR_WINDOWSTART=2026-05-28T00:00:00Z CHARTER_CALENDAR_WINDOWEND=2026-06-16T23:59:59Z");
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "calendar-sandbox-stop"));
    }

    /** The sandbox on {@code port} (0: a free one), its state in {@code dir}, seeded when empty. */
    static CalendarSandbox start(int port, Path dir) throws IOException {
        CalendarSandbox sandbox = new CalendarSandbox(dir, "jada-internal", "America/Los_Angeles").start("127.0.0.1", port);
        if (sandbox.isEmpty()) {
            LocalCloud.seedCalendar(sandbox);
        }
        return sandbox;
    }
}
