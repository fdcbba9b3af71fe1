package com.jada.chartersync.browser;

import com.jada.chartersync.localcloud.LocalCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's status board in real chromium against the embedded default: what it shows when every layer
 * agrees, when one layer broke, and that its buttons (sync now, crew correction, replay) really act.
 */
class StatusBoardBrowserTest extends BrowserTest {

    private static final List<String> LAYERS = List.of("calendar", "record", "page", "edge", "waiver");
    @Autowired
    LocalCloud standIns;

    @LocalServerPort
    int port;

    @BeforeEach
    void everyLayerInStep() {
        // Other tests share this runtime; a reconcile puts every layer back in step before each look.
        cycles.reconcile("test");
        browser.desktop();
    }

    @Test
    void boardShowsTheSampleChartersInStepInEveryLayerAndHowUrgentTheirWaiversAre() throws Exception {
        openBoard();

        for (String eventId : List.of("quinn-saturday-2026-05-31", "jonathan-sunday-2026-05-31-afternoon",
                "danika-sunday-2026-06-14")) {
            WebElement row = row(eventId);
            assertThat(row.findElements(By.cssSelector(".badge")))
                    .extracting(b -> b.getDomAttribute("data-layer")).containsExactlyElementsOf(LAYERS);
            assertThat(row.findElements(By.cssSelector(".badge[data-ok=false]"))).as(row.getText()).isEmpty();
            assertThat(badge(row, "waiver").getText()).matches("waiver \\d+ of \\d+ signed( ✗)?");
        }
        // the clock stands at 8 PM the evening before the sample Sunday
        WebElement jonathan = row("jonathan-sunday-2026-05-31-afternoon");
        assertThat(badge(jonathan, "waiver").getDomAttribute("data-tone")).isEqualTo("bad");
        assertThat(badge(jonathan, "waiver").getCssValue("background-color")).isEqualTo("rgba(198, 40, 40, 1)");
        assertThat(jonathan.findElement(By.cssSelector("[data-why=waiver]")).getText()).contains("6 still to sign");
        assertThat(jonathan.getDomAttribute("class")).contains("attention");
        assertThat(badge(row("danika-sunday-2026-06-14"), "waiver").getDomAttribute("data-tone")).isEqualTo("warn");
        WebElement quinn = row("quinn-saturday-2026-05-31");
        assertThat(quinn.getText()).contains("Quinn", "arrive by 2:00 PM", "Captain Sarah, Deckhand Marcus");
        assertThat(browser.driver.findElement(By.id("cycles")).isDisplayed()).isTrue();
        assertThat(browser.driver.findElements(By.cssSelector("tr.cycle"))).isNotEmpty();
        browser.screenshot("status-board");
    }

    @Test
    void pageDeletedFromS3TurnsItsRowRedWithTheReasonAndSyncNowMakesItGreenAgain() throws Exception {
        String key = records.item("danika-sunday-2026-06-14").get("pageKey").s();
        s3.deleteObject(b -> b.bucket("jada-guest-pages").key(key));

        openBoard();
        WebElement danika = row("danika-sunday-2026-06-14");
        assertThat(danika.getDomAttribute("data-agree")).isEqualTo("false");
        assertThat(badge(danika, "page").getDomAttribute("data-ok")).isEqualTo("false");
        assertThat(danika.findElement(By.cssSelector("[data-why=page]")).getText()).contains("missing from S3", key);
        assertThat(badge(row("quinn-saturday-2026-05-31"), "page").getDomAttribute("data-ok")).isEqualTo("true");
        browser.screenshot("status-board-page-missing");

        browser.driver.findElement(By.id("sync-now")).click();
        WebElement flash = new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("flash")));

        assertThat(flash.getText()).contains("1 pages uploaded");
        assertThat(row("danika-sunday-2026-06-14").findElements(By.cssSelector(".badge[data-ok=false]"))).isEmpty();
        assertThat(s3.headObject(b -> b.bucket("jada-guest-pages").key(key)).contentLength()).isPositive();
        browser.screenshot("status-board-repaired");
    }

    @Test
    void crewCorrectedFromTheBoardReachesCalendarRecordAndGuestPage() throws Exception {
        String calendarId = sandbox.insertEvent("Wren – Sail", "Guest: Wren\nArrive by: 10:00\nCaptain: Sarah\nCrew: Marcus\nParty size: 3",
                "2026-06-11T10:30:00-07:00", "2026-06-11T12:00:00-07:00");
        cycles.runCycle("test");
        String eventId = records.linkedId(calendarId).orElseThrow();

        openBoard();
        row(eventId).findElement(By.className("fix")).click();
        WebElement wren = row(eventId);
        WebElement captain = wren.findElement(By.name("captain"));
        assertThat(captain.getDomProperty("value")).isEqualTo("Sarah");
        captain.clear();
        captain.sendKeys("Ines");
        WebElement crew = wren.findElement(By.name("crew"));
        crew.clear();
        crew.sendKeys("Gene, Tomas");
        crew.submit();
        WebElement flash = new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("flash")));

        assertThat(flash.getText()).contains(eventId, "every layer agrees");
        assertThat(row(eventId).findElement(By.className("crew-text")).getText())
                .isEqualTo("Captain Ines, Deckhand Gene, Deckhand Tomas");
        assertThat(sandbox.get("http://127.0.0.1:" + CALENDAR_PORT + "/calendar/v3/calendars/jada-internal/events/"
                + calendarId).body()).contains("Captain: Ines", "Party size: 3");
        assertThat(sandbox.edge(records.item(eventId).get("pageKey").s()).body())
                .contains("Captain Ines", "Deckhand Gene", "Deckhand Tomas").doesNotContain("Marcus");
        browser.screenshot("status-board-crew-corrected");
    }

    @Test
    void deadLetterReplayedFromTheBoardIsRemovedAndItsCharterTurnsGreen() throws Exception {
        String calendarId = sandbox.insertEvent("Yara – Sail", "Guest: Yara\nArrive by: 15:00\nCaptain: Sarah",
                "2026-06-12T15:30:00-07:00", "2026-06-12T17:00:00-07:00");
        standIns.stopS3();
        try {
            assertThat(cycles.runCycle("test").deadLettered()).isEqualTo(1);
        } finally {
            standIns.startS3();
        }
        String eventId = records.linkedId(calendarId).orElseThrow();

        openBoard();
        assertThat(badge(row(eventId), "page").getDomAttribute("data-ok")).isEqualTo("false");
        assertThat(row(eventId).findElement(By.cssSelector("[data-why=page]")).getText()).contains("page-publish", "dead letter");
        WebElement letter = deadLetterFor("calendar:" + calendarId);
        assertThat(letter.getText()).contains("page-publish");
        browser.screenshot("status-board-dead-letter");

        letter.findElement(By.className("replay")).click();
        WebElement flash = new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("flash")));

        assertThat(flash.getText()).contains("replayed and removed");
        assertThat(browser.driver.findElements(By.cssSelector("tr.dead-letter")))
                .noneMatch(r -> r.getText().contains("calendar:" + calendarId));
        assertThat(row(eventId).findElements(By.cssSelector(".badge[data-ok=false]"))).isEmpty();
        assertThat(sandbox.edge(records.item(eventId).get("pageKey").s()).body()).contains("Yara");
    }

    @AfterEach
    void screenAgain() {
        browser.media("");
    }

    @Test
    void longGuestNameAndCrewListBreakInsideTheirCells() throws Exception {
        String calendarId = sandbox.insertEvent("Long – Sail", "Guest: Maximilianafeatherstonehaughwolfeschlegelsteinhausenberger Abernathy-Castellanos\n"
                        + "Arrive by: 10:00\nCaptain: Anastasiaaleksandrovnakuznetsovapetrovna\n"
                        + "Crew: Bartholomew Featherstonehaugh, Wilhelmina Wolfeschlegelstein, Gulliver Gonzaga, Henrike Hakimi",
                "2026-06-13T10:30:00-07:00", "2026-06-13T12:00:00-07:00");
        cycles.runCycle("test");
        String eventId = records.linkedId(calendarId).orElseThrow();

        openBoard();

        WebElement row = row(eventId);
        for (WebElement cell : row.findElements(By.tagName("td"))) {
            assertThat(browser.jsLong("return arguments[0].scrollWidth - arguments[0].clientWidth", cell))
                    .as("text running out of its cell: %s", cell.getText()).isLessThanOrEqualTo(0);
        }
        assertThat(row.findElement(By.className("crew-text")).getText()).contains("Henrike Hakimi");
        browser.js("arguments[0].scrollIntoView()", row);
        browser.screenshot("status-board-long-text");
    }

    @Test
    void boardOnAPhoneScrollsInsideItsTablesNotThePage() throws Exception {
        browser.phone();
        openBoard();

        assertThat(browser.jsLong("return document.documentElement.scrollWidth"))
                .as("page width at 360 px").isLessThanOrEqualTo(browser.jsLong("return window.innerWidth"));
        assertThat(browser.driver.findElement(By.id("sync-now")).isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.cssSelector("#d-2026-05-31 a")).isDisplayed()).isTrue();
        browser.screenshot("status-board-phone");
    }

    @Test
    void printedBoardHidesItsButtonsAndFormsAndItsTablesFitThePaper() throws Exception {
        openBoard();
        browser.paperWidth();
        browser.media("print");

        assertThat(browser.driver.findElement(By.id("sync-now")).isDisplayed()).as("Sync now on paper").isFalse();
        assertThat(browser.driver.findElements(By.cssSelector("a.fix, button, td.act")))
                .as("buttons, crew links and the Act column on paper").noneMatch(WebElement::isDisplayed);
        assertThat(browser.jsLong("return document.documentElement.scrollWidth")).as("page width on paper")
                .isLessThanOrEqualTo(Browser.PAPER_WIDTH_PX);
        for (WebElement table : browser.driver.findElements(By.cssSelector("table.charters"))) {
            assertThat(browser.jsLong("return Math.ceil(arguments[0].getBoundingClientRect().right)", table))
                    .as("charter table within the paper").isLessThanOrEqualTo(Browser.PAPER_WIDTH_PX);
        }
        assertThat(badge(row("jonathan-sunday-2026-05-31-afternoon"), "waiver").isDisplayed()).isTrue();
        browser.screenshot("status-board-print");
    }

    @Test
    void boardFormsRefuseAPostWithoutTheirCsrfToken() {
        org.springframework.http.ResponseEntity<String> r = rest.postForEntity("/board/sync", null, String.class);
        assertThat(r.getStatusCode().value()).isEqualTo(403);
    }

    private void openBoard() {
        browser.driver.get("http://127.0.0.1:" + port + "/");
        assertThat(browser.driver.getTitle()).startsWith("charter-sync");
    }

    private WebElement row(String eventId) {
        return browser.driver.findElement(By.id("ev-" + eventId));
    }

    private static WebElement badge(WebElement row, String layer) {
        return row.findElement(By.cssSelector(".badge[data-layer=" + layer + "]"));
    }

    private WebElement deadLetterFor(String eventRef) {
        return browser.driver.findElements(By.cssSelector("tr.dead-letter")).stream()
                .filter(r -> r.getText().contains(eventRef)).findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter for " + eventRef + " on the board"));
    }
}
