package com.jada.chartersync.browser;

import com.jada.chartersync.manifest.DayFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dock manifest in real chromium: on a phone at the dock (360×740), on the office desktop, and on paper
 * (print emulation, then chromium's own PDF on A4 and Letter).
 */
class ManifestBrowserTest extends BrowserTest {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestBrowserTest.class);

    @LocalServerPort
    int port;

    @BeforeEach
    void synced() {
        cycles.runCycle("test");
    }

    @AfterEach
    void screenAgain() {
        browser.media("");
        browser.desktop();
    }

    @Test
    void manifestReadsOnAPhoneWithoutSidewaysScrolling() throws Exception {
        browser.phone();
        open("2026-05-31");

        assertThat(browser.jsLong("return window.innerWidth")).isEqualTo(360);
        assertNoHorizontalScrolling();
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Manifest · Sunday, May 31, 2026");
        WebElement jonathan = charter("jonathan-sunday-2026-05-31-afternoon");
        assertThat(jonathan.findElement(By.className("tosign")).getText()).isEqualTo("6 of 6 still to sign");
        assertThat(jonathan.getText()).contains("1:00 PM", "arrive by 12:30 PM", "Captain Gene", "Crew Angelia", "party of 6");
        WebElement quinn = charter("quinn-saturday-2026-05-31").findElement(By.cssSelector("tr.participant[data-name=Quinn]"));
        assertThat(quinn.getDomAttribute("data-minor")).isEqualTo("true");
        assertThat(quinn.getText()).contains("minor, 16", "not signed", "needs a guardian to sign");
        for (WebElement table : browser.driver.findElements(By.cssSelector("table.people"))) {
            assertThat(fitsItsCard(table)).as("participant table inside its card").isTrue();
        }
        assertThat(charter("jonathan-sunday-2026-05-31-afternoon").getRect().getY())
                .as("sailing order").isLessThan(charter("quinn-saturday-2026-05-31").getRect().getY());
        browser.screenshot("manifest-phone");
    }

    @Test
    void manifestOnADesktopPutsChartersSideBySide() throws Exception {
        open("2026-05-31");

        assertNoHorizontalScrolling();
        WebElement jonathan = charter("jonathan-sunday-2026-05-31-afternoon");
        WebElement quinn = charter("quinn-saturday-2026-05-31");
        assertThat(quinn.getRect().getY()).isEqualTo(jonathan.getRect().getY());
        assertThat(quinn.getRect().getX()).isGreaterThan(jonathan.getRect().getX());
        assertThat(browser.driver.findElement(By.id("summary")).getText()).contains("2 charters", "0 of 10 signed", "10 still to sign");
        assertThat(browser.driver.findElement(By.id("print")).isDisplayed()).isTrue();
        browser.screenshot("manifest-desktop");
    }

    @Test
    void printedManifestOfEightChartersHidesNavigationAndFitsOnOnePage() throws Exception {
        try (DayFixture day = new DayFixture(dynamo, "2026-06-09")) {
            // a full day: eight parties of six, everyone named and signed but one, a minor or two in each
            List<String> families = List.of("Abernathy", "Featherstonehaugh-Wolfeschlegelstein", "Castellanos", "Dubois",
                    "Eriksson", "Fitzgerald", "Gonzaga", "Hakimi");
            for (int i = 0; i < families.size(); i++) {
                String family = families.get(i);
                String guest = List.of("Ansel", "Bartholomew", "Cosima", "Dagny", "Evander", "Filippa", "Gulliver", "Henrike").get(i)
                        + " " + family;
                String id = day.charter(guest, String.format("%02d:%02d", 8 + i, i % 2 * 30), "Sarah",
                        List.of("Marcus", "Gene", "Anastasia Kuznetsova"), 6);
                day.waiver(id, guest, "1979-04-0" + (1 + i % 9), null);
                day.waiver(id, "Maximiliana " + family, "1981-06-15", null);
                day.waiver(id, "Rosalind " + family, "1950-10-10", null);
                day.waiver(id, "Tobias " + family, "2012-08-20", guest);
                day.waiver(id, "Wilhelmina " + family, "2018-03-03", guest);
            }
            open("2026-06-09");
            assertThat(browser.driver.findElements(By.cssSelector("section.charter"))).hasSize(8);

            browser.paperWidth();
            browser.media("print");

            assertThat(browser.driver.findElement(By.cssSelector("nav.bar")).isDisplayed()).as("navigation on paper").isFalse();
            assertThat(browser.driver.findElement(By.id("print")).isDisplayed()).as("print button on paper").isFalse();
            assertThat(browser.jsLong("return document.documentElement.scrollWidth")).as("page width on paper")
                    .isLessThanOrEqualTo(Browser.PAPER_WIDTH_PX);
            for (WebElement table : browser.driver.findElements(By.cssSelector("table.people"))) {
                assertThat(fitsItsCard(table)).as("participant table inside its card on paper").isTrue();
            }
            browser.screenshot("manifest-print");
            browser.media("");
            browser.desktop();
            assertThat(browser.printedPages("manifest-a4", 21.0, 29.7)).as("A4 pages").isEqualTo(1);
            assertThat(browser.printedPages("manifest-letter", 21.59, 27.94)).as("Letter pages").isEqualTo(1);
        }
    }

    @Test
    void eachDateHeadingOfTheBoardOpensThatDaysManifest() {
        browser.driver.get("http://127.0.0.1:" + port + "/");
        long started = System.nanoTime();
        browser.driver.findElement(By.cssSelector("#d-2026-05-31 a[href='/manifest/2026-05-31']")).click();

        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Manifest · Sunday, May 31, 2026");
        LOG.info("Manifest loaded in chromium {} ms after the click (server: {})", (System.nanoTime() - started) / 1_000_000,
                browser.driver.findElement(By.className("meta")).getText());
        assertThat(browser.driver.findElement(By.id("csv")).getDomAttribute("href")).isEqualTo("/manifest/2026-05-31.csv");
    }

    private void open(String date) {
        browser.driver.get("http://127.0.0.1:" + port + "/manifest/" + date);
        assertThat(browser.driver.getTitle()).startsWith("Manifest");
    }

    private WebElement charter(String eventId) {
        return browser.driver.findElement(By.id("m-" + eventId));
    }

    private boolean fitsItsCard(WebElement table) {
        return (Boolean) browser.js("const t = arguments[0], card = t.closest('section').getBoundingClientRect(),"
                + " r = t.getBoundingClientRect(); return t.scrollWidth <= t.clientWidth + 1 && r.right <= card.right + 1"
                + " && [...t.querySelectorAll('td')].every(td => td.scrollWidth <= td.clientWidth + 1);", table);
    }

    private void assertNoHorizontalScrolling() {
        assertThat(browser.jsLong("return document.documentElement.scrollWidth"))
                .as("page width").isLessThanOrEqualTo(browser.jsLong("return window.innerWidth"));
    }
}
