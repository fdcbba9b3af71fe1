package com.jada.chartersync.browser;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile page in real chromium, served from another origin on the same machine (as a guest page at the edge
 * is, or any site the operator visits after DNS tricks): it tries what the issue showed working, a no-cors
 * Jolokia dumpHeap, a form post to /api/sync, and a credentialed read; none has an effect.
 */
class CrossSiteBrowserTest extends BrowserTest {

    @LocalServerPort
    int port;

    @TempDir
    Path tmp;
    private HttpServer attacker;
    private Path heap;

    @BeforeEach
    void servePage() throws IOException {
        heap = tmp.resolve("from-the-page.hprof");
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        attacker.createContext("/", x -> {
            byte[] page = page(heap).getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            x.sendResponseHeaders(200, page.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(page);
            }
        });
        attacker.start();
    }

    @AfterEach
    void stopPage() {
        attacker.stop(0);
    }

    private String page(Path heapFile) {
        String target = "http://127.0.0.1:" + port;
        return "<!doctype html><html><body><iframe name=sink></iframe>"
                + "<form id=f method=post action='" + target + "/api/sync' target=sink><input name=x value=1></form><script>"
                + "const dump = JSON.stringify({type:'exec', mbean:'com.sun.management:type=HotSpotDiagnostic',"
                + " operation:'dumpHeap', arguments:['" + heapFile + "', true]});"
                + "const form = new Promise(done => { document.querySelector('iframe').onload = () => done('answered');"
                + " document.getElementById('f').submit(); });"
                + "Promise.allSettled(["
                + " fetch('" + target + "/actuator/jolokia', {method:'POST', mode:'no-cors', body: dump}),"
                + " fetch('" + target + "/actuator/jolokia/version', {credentials:'include'}).then(r => r.text()),"
                + " form"
                + "]).then(r => { document.body.dataset.read = r[1].status === 'fulfilled' ? r[1].value : 'blocked';"
                + " document.title = 'done'; });"
                + "</script></body></html>";
    }

    @Test
    void aPageOnAnotherOriginCanNeitherDumpTheHeapNorSyncNorReadJolokia() throws Exception {
        String lastCycle = cycles.runCycle("test").cycleId();

        browser.driver.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> "done".equals(d.getTitle()));

        assertThat(heap).as("heap dump written by the page").doesNotExist();
        assertThat(cycles.recent().get(0).cycleId()).as("a sync cycle run by the page's form").isEqualTo(lastCycle);
        assertThat(browser.js("return document.body.dataset.read")).as("what the page could read from Jolokia")
                .isEqualTo("blocked");
    }
}
