package com.jada.chartersync.browser;

import com.jada.chartersync.waiver.WaiverFunctionFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waiver form as a guest's phone shows it: real chromium at 360×740 CSS pixels on the form the waiver function
 * serves through its URL (the function and dynalite alone, not the whole runtime).
 */
class WaiverFormBrowserTest {

    private static WaiverFunctionFixture function;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        function = new WaiverFunctionFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (function != null) {
            function.close();
        }
    }

    @Test
    void theReasonStandsBesideTheFieldToFixWhichHasTheFocus() throws Exception {
        String eventId = function.charter("Fern", "2026-06-16", 2);
        browser.phone();
        browser.driver.get(function.formUrl(eventId));
        browser.driver.findElement(By.id("name")).sendKeys("Fern Jr");
        browser.js("document.getElementById('dateOfBirth').value = '2013-03-03'");
        browser.driver.findElement(By.id("signature")).sendKeys("Fern Jr");
        browser.driver.findElement(By.id("guardianRelationship")).sendKeys("aunt");
        browser.driver.findElement(By.id("acceptedTerms")).click();
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement message = new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("guardianName-error")));
        WebElement guardian = browser.driver.findElement(By.id("guardianName"));
        assertThat(message.getText()).isEqualTo("Guardian's full name is needed for a participant under 18.");
        assertThat(browser.js("return document.getElementById('guardianName').nextElementSibling.id")).isEqualTo("guardianName-error");
        assertThat(message.getRect().getY()).as("right below the field")
                .isBetween(guardian.getRect().getY() + guardian.getRect().getHeight(),
                        guardian.getRect().getY() + guardian.getRect().getHeight() + 30);
        assertThat(browser.js("return document.activeElement.id")).isEqualTo("guardianName");
        assertThat(browser.driver.findElement(By.id("name")).getAttribute("value")).isEqualTo("Fern Jr");
        assertThat(browser.driver.findElement(By.id("guardianRelationship")).getAttribute("value")).isEqualTo("aunt");
        assertThat(browser.driver.findElement(By.id("acceptedTerms")).isSelected()).isTrue();
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).doesNotContain("guardian.name");
        browser.screenshot("waiver-form-guardian-missing");
    }
}
