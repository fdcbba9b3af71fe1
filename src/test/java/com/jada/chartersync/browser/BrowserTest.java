package com.jada.chartersync.browser;

import com.jada.chartersync.LocalSandboxTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The runtime on its embedded default plus one headless chromium per test class. */
abstract class BrowserTest extends LocalSandboxTest {

    protected static Browser browser;

    @BeforeAll
    static void openBrowser() throws Exception {
        browser = Browser.start();
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
