package dev.symbia.test.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's browser tests' one browser: Debian's headless {@code chromium} driven by its {@code chromedriver}
 * (the CI script installs both; nothing is downloaded from a browser vendor), with the waits, screenshots and
 * policy checks those tests share. Screenshots go to the module's {@code target/console-screenshots}; with
 * {@code SYMBIA_SCREENSHOTS=docs} they refresh {@code docs/console/} at the repository's root (the README links there).
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Duration wait;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Duration wait, Path screenshots) {
        this.driver = driver;
        this.wait = wait;
        this.screenshots = screenshots;
    }

    /** Whether Debian's chromium and chromium-driver are installed (tests assume this first). */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A headless browser at 1280×900 whose console messages are kept; {@code wait} bounds every wait. */
    public static Browser start(Duration wait) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,900");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), wait, screenshotDirectory());
    }

    // The README's screenshots are refreshed on purpose (SYMBIA_SCREENSHOTS=docs), never as a side effect of a
    // test run: an ordinary run leaves the checkout's tracked files alone.
    private static Path screenshotDirectory() {
        if ("docs".equals(System.getenv("SYMBIA_SCREENSHOTS"))) {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                    return dir.resolve("docs/console");
                }
            }
        }
        return Path.of("target", "console-screenshots");
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement waitFor(By by) {
        return new WebDriverWait(driver, wait).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public void waitUntil(BooleanSupplier condition) {
        new WebDriverWait(driver, wait).ignoring(RuntimeException.class).until(d -> condition.getAsBoolean());
    }

    public String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public void screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code body} at a phone's width (390×844) in the system's dark theme, then restores both. */
    public void asDarkPhone(Runnable body) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            body.run();
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
            driver.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /** Nothing the Content-Security-Policy or Trusted Types refused, and no script error, since the last call. */
    public void assertNoPolicyViolations() {
        List<String> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("TrustedHTML") || m.contains("Trusted Type")
                        || m.contains("Uncaught") || m.contains("SyntaxError") || m.contains("TypeError"))
                .toList();
        assertThat(problems).isEmpty();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
