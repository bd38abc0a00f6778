package dev.eventbus.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.devtools.CdpVersionFinder;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The live page in a real headless Chromium: a click places an order, and its events reach the feed and the charts
 * through the server-sent events stream. Leaves a screenshot of the page in {@code target/live-page.png}.
 * <p>
 * Needs Chromium and its driver ({@code apt-get install chromium chromium-driver} on Debian; {@code .ci/run} installs
 * them), found at {@code /usr/bin} or at the paths given by the {@code chromium.binary} and
 * {@code chromedriver.binary} system properties; without them the test is skipped, unless
 * {@code -Dbrowser.tests=required} makes it fail (see {@link ChromiumCondition}). Both are started from these paths,
 * so Selenium Manager never looks for (or downloads) a browser or a driver.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(ChromiumCondition.class)
class LivePageBrowserTests {

    /** Generous: only a failing test waits this long, and a loaded build machine makes Chromium slow to start. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Path SCREENSHOT = Path.of("target", "live-page.png");

    /**
     * The test uses no DevTools, so Selenium need not warn that it has none for this Chromium's version. Held here
     * because java.util.logging keeps its loggers only weakly.
     */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger(CdpVersionFinder.class.getName()),
            Logger.getLogger(ChromiumDriver.class.getName()));

    private static ChromeDriverService service;

    private static ChromeDriver browser;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void startChromium(@TempDir Path profile) {
        List<File> missing = ChromiumCondition.missingBinaries();
        if (!missing.isEmpty()) {
            // only with -Dbrowser.tests=required: otherwise ChromiumCondition skips the class
            fail("%s missing or not executable, and -D%s=required makes this browser test mandatory: %s."
                .formatted(ChromiumCondition.describe(missing), ChromiumCondition.MODE_PROPERTY,
                        ChromiumCondition.HOW_TO_INSTALL));
        }
        QUIETED.forEach((logger) -> logger.setLevel(Level.SEVERE));
        service = new ChromeDriverService.Builder().usingDriverExecutable(ChromiumCondition.CHROMEDRIVER)
            .usingAnyFreePort()
            .withTimeout(TIMEOUT)
            .build();
        ChromeOptions options = new ChromeOptions().setBinary(ChromiumCondition.CHROMIUM)
            .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1280,900", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    @BeforeEach
    void openLivePage() {
        browser.get("http://localhost:" + this.port + "/");
        waitUntil("the page says it is live", ExpectedConditions.textToBe(By.id("status"), "live"));
    }

    @Test
    void placingAnOrderShowsItsEventsInTheFeedAndTheCharts() throws IOException {
        int placedShown = feedEntries("order.placed", "delivered").size();
        int paidShown = feedEntries("order.paid", "delivered").size();
        int emitPoints = plottedPoints("emits-chart");
        int latencyPoints = plottedPoints("latency-chart");

        browser.findElement(By.id("place-order")).click();

        waitUntil("the order's confirmation",
                ExpectedConditions.textMatches(By.id("result"), Pattern.compile("Order #\\d+ placed")));
        waitUntil("order.placed in the feed, delivered",
                (page) -> feedEntries("order.placed", "delivered").size() > placedShown);
        waitUntil("order.paid in the feed, from the async payment listener",
                (page) -> feedEntries("order.paid", "delivered").size() > paidShown);
        waitUntil("a new point above zero on the emits chart", (page) -> plottedPoints("emits-chart") > emitPoints);
        waitUntil("a new point on the listener run time chart",
                (page) -> plottedPoints("latency-chart") > latencyPoints);
        // payment's run ends after it emits order.paid, so a sample may show the other listeners first
        waitUntil("the async payment listener in the run time legend",
                (page) -> page.findElement(By.id("latency-legend")).getText().contains("payment"));
        assertThat(browser.findElement(By.id("registrations")).getText()).matches("\\d+(\\.\\d+)?");

        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(SCREENSHOT).isNotEmptyFile();
    }

    @Test
    void anEventNobodyListensToShowsAsUnhandled() {
        int unhandledShown = feedEntries("invoice.paid", "unhandled").size();

        browser.findElement(By.id("pay-invoice")).click();

        waitUntil("the page's answer", ExpectedConditions.textToBe(By.id("result"),
                "invoice.paid announced: no listener matched"));
        waitUntil("invoice.paid in the feed, unhandled",
                (page) -> feedEntries("invoice.paid", "unhandled").size() > unhandledShown);
    }

    private List<WebElement> feedEntries(String event, String outcome) {
        return browser.findElements(
                By.cssSelector("#events li[data-event='%s'][data-outcome='%s']".formatted(event, outcome)));
    }

    /** How many samples above zero the chart has drawn since the page loaded (its {@code data-points}). */
    private int plottedPoints(String chart) {
        String points = browser.findElement(By.id(chart)).getDomAttribute("data-points");
        return (points != null) ? Integer.parseInt(points) : 0;
    }

    private void waitUntil(String what, Function<? super WebDriver, ?> condition) {
        new WebDriverWait(browser, TIMEOUT).withMessage(() -> "waiting for " + what + "; the page shows:\n"
                + browser.findElement(By.tagName("body")).getText())
            .until(condition);
    }
}
