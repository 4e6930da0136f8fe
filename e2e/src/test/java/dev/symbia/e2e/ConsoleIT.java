package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import dev.symbia.test.provider.FakeProvider;
import dev.symbia.test.provider.ScriptedBody;
import dev.symbia.test.provider.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
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
 * The console (issue 24) in headless Chromium against the running stack: register and sign in through the page
 * (identity's httpOnly cookie), watch a chat reply from the fake SambaNova appear token by token with the live
 * socket connected, create an API key that is shown once, and, as the super admin, open the reply's trace as a
 * waterfall. Needs Debian's {@code chromium} and {@code chromium-driver} (the CI script installs them); skipped,
 * without starting the stack, when either is missing. Screenshots go to target/console-screenshots.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String MODEL = "Meta-Llama-3.3-70B-Instruct";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ChromeDriver driver;
    private static String traceId;

    private SymbiaStack stack;
    private String base;

    @BeforeAll
    static void startBrowser() {
        // Before any parameter is resolved: a machine without the browser never starts the stack for this class.
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,900");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void setUp(SymbiaStack stack) {
        this.stack = stack;
        this.base = stack.gatewayUrl();
    }

    @Test
    @Order(1)
    void registerThenWatchAReplyStreamTokenByToken() throws Exception {
        FakeProvider provider = stack.provider();
        provider.reset();
        CountDownLatch rest = new CountDownLatch(1);
        provider.stream(new ScriptedBody().write(Wire.sambaRole(MODEL))
                .write(Wire.sambaDelta(MODEL, "Hel")).gate(rest)
                .write(Wire.sambaDelta(MODEL, "lo, ")).write(Wire.sambaDelta(MODEL, "world"))
                .write(Wire.sambaFinish(MODEL, "stop")).write(Wire.sambaUsage(MODEL, 12, 3)).write(Wire.done()));

        driver.get(base + "/");
        waitFor(By.name("email"));
        driver.findElement(By.xpath("//button[contains(., 'Create one')]")).click();
        waitFor(By.name("name")).sendKeys("Console tester");
        driver.findElement(By.name("orgName")).sendKeys("Console org");
        driver.findElement(By.name("email")).sendKeys("console-" + UUID.randomUUID() + "@example.test");
        driver.findElement(By.name("password")).sendKeys("a long enough passphrase");
        // Identity limits registrations per address and other tests register too: resubmit while it answers 429.
        new WebDriverWait(driver, Duration.ofSeconds(150)).pollingEvery(Duration.ofSeconds(5)).ignoring(RuntimeException.class)
                .until(d -> {
                    if (!d.findElements(By.cssSelector("header.top")).isEmpty()) {
                        return true;
                    }
                    d.findElement(By.cssSelector("form button[type='submit']")).click();
                    new WebDriverWait(d, WAIT).until(ExpectedConditions.or(
                            ExpectedConditions.presenceOfElementLocated(By.cssSelector("header.top")),
                            ExpectedConditions.presenceOfElementLocated(By.cssSelector(".problem"))));
                    if (d.findElements(By.cssSelector("header.top")).isEmpty()) {
                        assertThat(text(".problem")).as("only a rate limit is retried").containsIgnoringCase("too many");
                        return false;
                    }
                    return true;
                });
        // The session is the httpOnly cookie: the page cannot read it.
        assertThat((String) script("return document.cookie")).doesNotContain("token=");
        // Messaging's live socket accepted the cookie through the gateway.
        waitFor(By.cssSelector(".live.live"));

        WebElement composer = waitFor(By.id("content"));
        composer.sendKeys("hello");
        composer.sendKeys(Keys.ENTER);
        WebElement reply = waitFor(By.cssSelector(".msg.assistant[data-status='streaming'] .content"));
        waitUntil(() -> reply.getText().equals("Hel"));
        screenshot("chat-streaming");
        rest.countDown();
        waitFor(By.cssSelector(".msg.assistant[data-status='complete']"));
        waitUntil(() -> text(".msg.assistant .content").equals("Hello, world"));
        assertThat(driver.getCurrentUrl()).matches(".*/chat/[0-9a-f-]{36}$");
        WebElement trace = waitFor(By.cssSelector(".msg.assistant a.trace"));
        traceId = trace.getAttribute("href").replaceAll(".*/observe/traces/", "");
        assertThat(traceId).matches("[0-9a-f]{32}");
        screenshot("chat");
        assertNoPolicyViolations();
    }

    @Test
    @Order(2)
    void anApiKeyIsShownOnceThenOnlyItsPrefix() throws Exception {
        driver.get(base + "/settings");
        waitFor(By.cssSelector(".inline input[name='name']")).sendKeys("console key");
        driver.findElement(By.xpath("//button[.='Create key']")).click();
        String key = waitFor(By.cssSelector(".once code.secret")).getText();
        assertThat(key).isNotBlank();
        waitUntil(() -> text("table").contains("console key"));
        screenshot("settings");
        driver.findElement(By.xpath("//button[.='I have stored it']")).click();
        waitUntil(() -> driver.findElements(By.cssSelector(".once")).isEmpty());
        assertThat(text("main")).doesNotContain(key);
        assertNoPolicyViolations();
    }

    @Test
    @Order(3)
    void theSuperAdminOpensTheRepliesTraceAsAWaterfall() throws Exception {
        assumeTrue(traceId != null, "the chat test produced no trace id");
        driver.findElement(By.xpath("//button[.='Sign out']")).click();
        waitFor(By.name("email")).sendKeys(stack.adminEmail());
        driver.findElement(By.name("password")).sendKeys(stack.adminPassword());
        driver.findElement(By.cssSelector("form button[type='submit']")).click();
        waitFor(By.cssSelector("header.top"));

        // Spans reach logging in batches: reopen the trace until every hop is in.
        new WebDriverWait(driver, Duration.ofSeconds(90)).pollingEvery(Duration.ofSeconds(3)).ignoring(RuntimeException.class)
                .until(d -> {
                    d.get(base + "/observe/traces/" + traceId);
                    new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.or(
                            ExpectedConditions.presenceOfElementLocated(By.cssSelector(".waterfall")),
                            ExpectedConditions.presenceOfElementLocated(By.cssSelector(".problem"))));
                    String summary = d.findElements(By.cssSelector(".waterfall")).isEmpty() ? "" : text("main");
                    return summary.contains("gateway") && summary.contains("messaging") && summary.contains("integrations");
                });
        assertThat(driver.findElements(By.cssSelector(".waterfall .span")).size()).isGreaterThanOrEqualTo(3);
        screenshot("trace");

        driver.findElement(By.linkText("Logs")).click();
        waitFor(By.cssSelector("table.logs"));
        screenshot("logs");
        driver.findElement(By.linkText("Topology")).click();
        waitUntil(() -> text("main").contains("Nodes") && text("main").contains("messaging"));
        screenshot("topology");
        driver.findElement(By.linkText("Deployments")).click();
        waitUntil(() -> text("main").contains("not available yet"));
        assertNoPolicyViolations();
    }

    private static Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void waitUntil(BooleanSupplier condition) {
        new WebDriverWait(driver, WAIT).ignoring(RuntimeException.class).until(d -> condition.getAsBoolean());
    }

    private static String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Nothing the Content-Security-Policy or Trusted Types refused, and no script error. */
    private static void assertNoPolicyViolations() {
        List<String> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Trusted Type")
                        || m.contains("Uncaught") || m.contains("SyntaxError") || m.contains("TypeError"))
                .toList();
        assertThat(problems).isEmpty();
    }
}
