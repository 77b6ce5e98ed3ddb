package io.onair.app.e2e.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium driven by Selenium, with Debian's {@code chromium} and {@code chromedriver}: both paths are
 * given explicitly, so Selenium Manager never runs and nothing is downloaded. A fresh profile per browser, deleted
 * on close; the browser console is kept for assertion messages.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        Executables.requireAt(CHROMIUM, "chromium");
        Executables.requireAt(CHROMEDRIVER, "chromium-driver");
        Path profile;
        try {
            profile = Files.createTempDirectory("onair-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--mute-audio", "--autoplay-policy=no-user-gesture-required",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(10));
            return new Browser(driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw e;
        }
    }

    public void open(URI uri) {
        driver.get(uri.toString());
    }

    /** Runs {@code return …} JavaScript in the page. */
    public Object eval(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Runs JavaScript with {@code arguments[0…]} bound to {@code args} (strings arrive as they are, unquoted). */
    public Object eval(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Logs in through the login form at {@code loginPage} ({@code /login}, perhaps with {@code ?next=}), as a person
     * does: its own script submits it. Returns once the page has left {@code /login}.
     */
    public void logIn(URI loginPage, String username, String password) {
        open(loginPage);
        Poll.until("the login page", Duration.ofSeconds(15), this::diagnostics, () -> "ready".equals(bodyState()));
        eval("document.querySelector('#username').value = arguments[0];"
                + "document.querySelector('#password').value = arguments[1];"
                + "document.querySelector('#login-form').requestSubmit(); return true;", username, password);
        Poll.until(username + " logged in", Duration.ofSeconds(15), this::diagnostics,
                () -> !"/login".equals(String.valueOf(eval("return location.pathname;"))));
    }

    /** Where the page is, its state and its console: for a failed wait's message. */
    public String diagnostics() {
        return "url=" + eval("return location.href;") + " data-state=" + bodyState() + "\nconsole:\n" + console();
    }

    /** Chooses {@code file} in the file input matched by {@code selector}, as a person picking it would. */
    public void chooseFile(String selector, Path file) {
        driver.findElement(org.openqa.selenium.By.cssSelector(selector)).sendKeys(file.toAbsolutePath().toString());
    }

    /**
     * Moves the mouse (a real pointer move, as a person's) over the element {@code css} names, {@code fraction} of its
     * width from its left edge, at its vertical middle.
     */
    public void hover(String css, double fraction) {
        WebElement element = driver.findElement(By.cssSelector(css));
        int width = element.getRect().getWidth();
        // Selenium's offsets are from the element's centre.
        new Actions(driver).moveToElement(element, (int) Math.round((fraction - 0.5) * width), 0).perform();
    }

    /** Runs what follows ({@link #eval}, {@link #bodyState}) in the document of the iframe {@code css} names. */
    public void enterFrame(String css) {
        driver.switchTo().frame(driver.findElement(By.cssSelector(css)));
    }

    /** Back to the top-level document. */
    public void leaveFrame() {
        driver.switchTo().defaultContent();
    }

    /** {@code <body data-state>}: the page's main state, mirrored for tests. */
    public String bodyState() {
        return String.valueOf(eval("return document.body ? document.body.dataset.state : null;"));
    }

    /** The browser console so far (drained: each entry is returned once), for assertion messages. */
    public String console() {
        try {
            List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
            return entries.stream().map(e -> e.getLevel() + " " + e.getMessage()).collect(Collectors.joining("\n"));
        } catch (RuntimeException e) {
            return "(console unavailable: " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A profile left in /tmp is harmless.
        }
    }
}
