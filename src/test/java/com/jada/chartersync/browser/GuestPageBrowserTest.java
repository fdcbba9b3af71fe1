package com.jada.chartersync.browser;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guest page as a phone at the dock shows it: real chromium at 360×740 CSS pixels, opening pages through the
 * local edge and the waiver form from the Lambda stand-in's function URL.
 */
class GuestPageBrowserTest extends BrowserTest {

    @BeforeEach
    void phoneOnTheSyncedSample() {
        cycles.runCycle("test");
        browser.phone();
    }

    private String edge(String pageKey) {
        return "http://127.0.0.1:" + EDGE_PORT + "/" + pageKey;
    }

    @Test
    void guestPageFitsAPhoneWithNameArrivalAndCrewOnTheFirstScreen() throws Exception {
        browser.driver.get(edge("2026-05-31/quinn-guest.html"));

        assertThat(browser.jsLong("return window.innerWidth")).isEqualTo(360);
        assertNoHorizontalScrolling();
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).contains("Quinn");
        WebElement arrival = browser.driver.findElement(By.className("arrive"));
        assertThat(arrival.getText()).isEqualTo("Arrive by 2:00 PM");
        assertOnFirstScreen(arrival);
        assertThat(browser.driver.findElement(By.className("tz")).getText()).contains("Pacific Daylight Time");
        List<WebElement> crew = browser.driver.findElements(By.cssSelector("ul.crew li"));
        assertThat(crew).extracting(WebElement::getText).containsExactly("Captain Sarah", "Deckhand Marcus");
        crew.forEach(this::assertOnFirstScreen);
        for (WebElement target : browser.driver.findElements(By.cssSelector("a, button"))) {
            assertThat(target.getRect().getHeight()).as("tap target %s", target.getText()).isGreaterThanOrEqualTo(44);
        }
        browser.screenshot("guest-page-phone-first-screen");
    }

    @Test
    void longAndHostileCalendarTextStaysInsideThePhoneScreenAsPlainText() throws Exception {
        String calendarId = sandbox.insertEvent("Bartholomew – Sail",
                "Guest: Bartholomew<script>alert(1)</script>FeatherstonehaughWolfeschlegelstein\n"
                        + "Arrive by: 09:15\nCaptain: Anastasiaaleksandrovnakuznetsovapetrovna\nCrew: <img src=x onerror=alert(2)>, Gene",
                "2026-06-03T09:45:00-07:00", "2026-06-03T12:00:00-07:00");
        cycles.runCycle("test");

        String eventId = records.linkedId(calendarId).orElseThrow();
        browser.driver.get(edge(records.item(eventId).get("pageKey").s()));

        assertNoHorizontalScrolling();
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).contains("<script>alert(1)</script>");
        assertThat(browser.driver.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(browser.js("return [...document.scripts].some(s => s.textContent.includes('alert'))")).isEqualTo(false);
        assertThat(browser.driver.findElement(By.cssSelector("ul.crew")).getText()).contains("<img src=x onerror=alert(2)>");
        browser.screenshot("guest-page-phone-hostile-text");
    }

    @Test
    void waiverFrameLoadsTheFormSizedToFitAndAMinorWithoutGuardianIsToldWhy() throws Exception {
        browser.driver.get(edge("2026-05-31/quinn-guest.html"));
        WebElement frame = browser.driver.findElement(By.id("waiver"));
        browser.js("arguments[0].scrollIntoView()", frame);
        // The form reports its height; the frame takes it, so the guest scrolls one page, not a page in a page.
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> !"".equals(frame.getDomAttribute("style")));

        browser.driver.switchTo().frame(frame);
        WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(10));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name"))).sendKeys("Quinn");
        long formHeight = browser.jsLong("return document.documentElement.scrollHeight");
        browser.driver.switchTo().defaultContent();
        assertThat(frame.getRect().getHeight()).isBetween((int) formHeight - 2, (int) formHeight + 2);
        assertNoHorizontalScrolling();

        browser.driver.switchTo().frame(frame);
        browser.js("document.getElementById('dateOfBirth').value = '2010-02-01'");
        browser.driver.findElement(By.id("signature")).sendKeys("Quinn");
        browser.driver.findElement(By.name("acceptedTerms")).click();
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
        // Each missing guardian field is named beside the field itself, in words, not as a field path.
        WebElement guardianName = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("guardianName-error")));
        assertThat(guardianName.getText()).contains("under 18");
        assertThat(browser.driver.findElement(By.id("guardianSignature-error")).isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).doesNotContain("guardian.name");
        assertThat(browser.jsLong("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(
                browser.jsLong("return window.innerWidth"));
        browser.driver.switchTo().defaultContent();
        browser.js("document.getElementById('waiver').scrollIntoView()");
        browser.screenshot("guest-page-phone-waiver-needs-guardian");
        assertThat(records.item("quinn-saturday-2026-05-31").get("waiverStatus").s()).isEqualTo("pending");
    }

    @Test
    void cancelledCharterSaysSoOnTheFirstScreenAndOffersNoWaiver() throws Exception {
        String calendarId = sandbox.insertEvent("Tamsin – Sail", "Guest: Tamsin\nArrive by: 11:00\nCaptain: Sarah",
                "2026-06-10T11:30:00-07:00", "2026-06-10T13:00:00-07:00");
        cycles.runCycle("test");
        assertThat(sandbox.deleteEvent(calendarId)).isEqualTo(204);
        cycles.runCycle("test");

        browser.driver.get(edge("2026-06-10/tamsin-guest.html"));

        WebElement notice = browser.driver.findElement(By.cssSelector("[role=alert]"));
        assertThat(notice.getText()).contains("cancelled", "Tamsin");
        assertOnFirstScreen(notice);
        assertThat(browser.driver.getTitle()).startsWith("Cancelled");
        assertThat(browser.driver.findElements(By.tagName("iframe"))).isEmpty();
        assertNoHorizontalScrolling();
        browser.screenshot("guest-page-phone-cancelled");
    }

    private void assertNoHorizontalScrolling() {
        assertThat(browser.jsLong("return document.documentElement.scrollWidth"))
                .as("page width at a 360 px viewport").isLessThanOrEqualTo(browser.jsLong("return window.innerWidth"));
    }

    private void assertOnFirstScreen(WebElement element) {
        long bottom = browser.jsLong("return Math.ceil(arguments[0].getBoundingClientRect().bottom)", element);
        assertThat(bottom).as("%s ends within the first 740 px", element.getText()).isLessThanOrEqualTo(740);
    }
}
