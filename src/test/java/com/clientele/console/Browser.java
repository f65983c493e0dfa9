package com.clientele.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, driven through its chromedriver (.ci/ensure-chromium installs both), one per
 * test class. The driver is named explicitly, so Selenium Manager never runs (it would try to download one).
 * CLIENTELE_CHROMIUM and CLIENTELE_CHROMEDRIVER point at another matching pair.
 */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** Selenium looks for a CDP binding of this chromium's version, has none, and warns; the tests need none. */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    /** The two widths the console is made for: a desktop and a phone (an iPhone 14's CSS pixels). */
    enum Viewport {
        DESKTOP("desktop", 1280, 900, false), PHONE("phone", 390, 844, true);

        final String label;
        final int width;
        final int height;
        final boolean mobile;

        Viewport(String label, int width, int height, boolean mobile) {
            this.label = label;
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    private final ChromeDriver driver;
    /** The page's console messages since the current test began. */
    private final List<String> consoleMessages = new ArrayList<>();
    private final Path profile;
    private final Path downloads;
    private final String console;

    private Browser(ChromeDriver driver, Path profile, Path downloads, String console) {
        this.driver = driver;
        this.profile = profile;
        this.downloads = downloads;
        this.console = console;
    }

    static Browser start(URL console) {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
        File chromium = executable("CLIENTELE_CHROMIUM", "/usr/bin/chromium");
        File chromedriver = executable("CLIENTELE_CHROMEDRIVER", "/usr/bin/chromedriver");
        try {
            Path profile = Files.createTempDirectory("clientele-chromium-");
            Path downloads = Files.createDirectories(profile.resolve("downloads"));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-extensions", "--window-size=1280,900",
                    "--user-data-dir=" + profile.resolve("profile"));
            // the page's console messages and errors, for the report of a failed test
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
            Browser browser = new Browser(driver, profile, downloads, console.toString());
            browser.viewport(Viewport.DESKTOP);
            return browser;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static File executable(String variable, String fallback) {
        String configured = System.getenv(variable);
        File file = new File(configured == null || configured.isBlank() ? fallback : configured);
        if (!file.canExecute()) {
            throw new IllegalStateException("The console's browser tests need " + file + " (set " + variable
                    + " to use another). Run .ci/ensure-chromium to install Debian's chromium and chromium-driver.");
        }
        return file;
    }

    ChromeDriver driver() {
        return driver;
    }

    Path downloads() {
        return downloads;
    }

    /**
     * Goes to a console route (the part after the hash, e.g. "/segments/LOYAL") as a link in the page would:
     * by changing the hash of the loaded console. The test then waits for what it expects to see.
     */
    void open(String route) {
        if (driver.getCurrentUrl().startsWith(console)) {
            driver.executeScript("window.location.hash = arguments[0];", route);
        } else {
            driver.get(console + "#" + route);
        }
    }

    String hash() {
        return (String) driver.executeScript("return window.location.hash;");
    }

    /** A fresh console document without a token, on the sign-in page. */
    void signOut() {
        if (driver.getCurrentUrl().startsWith(console)) {
            driver.executeScript("sessionStorage.clear();");
        }
        // a new document, not a hash change: nothing of the previous session stays in the page's memory
        driver.get("about:blank");
        driver.get(console + "#/sign-in");
        visible(By.id("token-input"));
    }

    /** Signs in by pasting a token, as a person would, and waits for the overview. */
    void signIn(String token) {
        signOut();
        paste(By.id("token-input"), token);
        find(By.id("sign-in-button")).click();
        waitFor(d -> hash().equals("#/"));
        visible(By.cssSelector("main h1"));
    }

    /** Types into a field whose content is replaced (clear, then keys). */
    void paste(By field, String text) {
        WebElement element = visible(field);
        element.clear();
        element.sendKeys(text);
    }

    void select(WebElement select, String value) {
        new Select(select).selectByValue(value);
    }

    WebElement find(By by) {
        return waitFor(ExpectedConditions.presenceOfElementLocated(by));
    }

    WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    <T> T waitFor(Function<? super org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    /** Waits until nothing on the page is loading any more (no spinner, no busy region). */
    void settled() {
        waitFor(d -> d.findElements(By.cssSelector("main .loading, main [aria-busy='true']")).isEmpty());
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Sets the page's viewport to exactly this size (and, for the phone, a mobile one). */
    void viewport(Viewport viewport) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", viewport.width, "height", viewport.height, "deviceScaleFactor", 1, "mobile", viewport.mobile));
    }

    /**
     * Writes target/console-screenshots/NAME-VIEWPORT.png (what the viewport shows, TakesScreenshot) and
     * NAME-VIEWPORT-full.png (the whole page, for reviewing the layout below the fold).
     */
    void screenshot(String name, Viewport viewport) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + "-" + viewport.label + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Map<String, Object> full = driver.executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true));
            Files.write(SCREENSHOTS.resolve(name + "-" + viewport.label + "-full.png"),
                    Base64.getDecoder().decode((String) full.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser's console messages since the test began (Chrome hands each out once). */
    List<String> consoleMessages() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            consoleMessages.add(entry.getLevel() + " " + entry.getMessage());
        }
        return List.copyOf(consoleMessages);
    }

    /**
     * Messages that mean the page broke: a script error, or something the Content-Security-Policy blocked
     * (a refused request's status, such as the dev tokens' 404 outside dev mode, is no fault).
     */
    List<String> pageFaults() {
        return consoleMessages().stream()
                .filter(message -> message.contains("Uncaught") || message.contains("Content Security Policy")
                        || message.contains("TypeError") || message.contains("SyntaxError") || message.contains("ReferenceError"))
                .toList();
    }

    void forgetConsoleMessages() {
        consoleMessages();
        consoleMessages.clear();
    }

    /**
     * What a failed test leaves behind: a screenshot (target/console-screenshots/failed-NAME.png), and the
     * address, the page's text and the browser's console messages, returned for the failure's report.
     */
    String failureReport(String name) {
        StringBuilder report = new StringBuilder();
        try {
            screenshot("failed-" + name, Viewport.DESKTOP);
            report.append("URL: ").append(driver.getCurrentUrl()).append('\n');
            report.append("Page text:\n").append(driver.findElement(By.tagName("body")).getText()).append('\n');
            report.append("Browser console:\n").append(String.join("\n", consoleMessages()));
        } catch (RuntimeException e) {
            report.append("(could not read the page: ").append(e).append(')');
        }
        return report.toString();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory; the OS cleans it up
            }
        }
    }
}
