package dev.symbia.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.FakeService;
import dev.symbia.gateway.support.GatewayTestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * The console in a real browser (Debian's headless chromium through chromedriver), served by the gateway in front
 * of fake services that answer on the real wire formats: sign in (httpOnly cookie), a chat reply streamed token by
 * token, a problem shown as its title and detail, the log search and a trace waterfall, under the strict CSP.
 * Skipped when /usr/bin/chromium or /usr/bin/chromedriver is missing. Screenshots go to target/console-screenshots.
 */
class ConsoleBrowserTests extends GatewayTestSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static ChromeDriver driver;
    private final CountDownLatch restOfReply = new CountDownLatch(1);

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,900");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void fakeServices() {
        driver.manage().deleteAllCookies();
        UPSTREAMS.get(SymbiaService.IDENTITY).behave(this::identity);
        UPSTREAMS.get(SymbiaService.MESSAGING).behave(this::messaging);
        UPSTREAMS.get(SymbiaService.LOGGING).behave(this::logging);
    }

    @Test
    void signInThenWatchAReplyStreamTokenByTokenAndOpenItsTrace() throws Exception {
        signIn();

        WebElement composer = waitFor(By.id("content"));
        composer.sendKeys("Say hello");
        composer.sendKeys(Keys.ENTER);

        // The first token is on screen while the service has not yet produced the rest: streamed, not buffered.
        WebElement reply = waitFor(By.cssSelector(".msg.assistant[data-status='streaming'] .content"));
        waitUntil(() -> reply.getText().equals("Hel"));
        screenshot("chat-streaming");
        restOfReply.countDown();
        waitFor(By.cssSelector(".msg.assistant[data-status='complete']"));
        waitUntil(() -> text(".msg.assistant .content").equals("Hello, world"));
        assertThat(driver.getCurrentUrl()).endsWith("/chat/c0ffee00-0000-4000-8000-000000000001");
        assertThat(text(".msg.user .content")).isEqualTo("Say hello");
        // The conversation list picked up the new conversation; the session cookie is out of the page's reach.
        waitUntil(() -> text(".conversations").contains("Greetings"));
        assertThat((String) ((JavascriptExecutor) driver).executeScript("return document.cookie")).doesNotContain("session-1");
        screenshot("chat");

        // The stored reply carries its trace: open it as a waterfall.
        waitFor(By.cssSelector(".msg.assistant a.trace")).click();
        waitUntil(() -> driver.findElements(By.cssSelector(".waterfall .span")).size() == 2);
        assertThat(text(".trace-title")).contains("POST /api/messaging/send");
        // The child span starts 100 ms into a 1 s trace and lasts 850 ms: its bar is placed through the CSSOM.
        assertThat(((JavascriptExecutor) driver).executeScript(
                "const bar = document.querySelectorAll('.span-bar')[1]; return bar.style.marginInlineStart + ' ' + bar.style.width"))
                .isEqualTo("10% 85%");
        screenshot("trace");

        driver.findElement(By.linkText("Logs")).click();
        waitUntil(() -> text("table.logs tbody").contains("reply streamed"));
        screenshot("logs");

        // A phone's width in the system's dark theme: one column, nothing cut off sideways.
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            driver.findElement(By.linkText("Chat")).click();
            waitFor(By.cssSelector(".conversations li a")).click();
            waitUntil(() -> text(".msg.assistant .content").equals("Hello, world"));
            assertThat(script("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
            assertThat(script("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(20, 22, 26)");
            screenshot("chat-phone-dark");
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }

        assertNoPolicyViolations();
    }

    @Test
    void aRefusedMessageShowsTheProblemsTitleAndDetail() throws Exception {
        UPSTREAMS.get(SymbiaService.MESSAGING).behave((exchange, request) -> {
            if (request.rawPath().equals("/api/send")) {
                problem(exchange, 429, "Too many requests", "Slow down: 10 chats a minute.");
            } else {
                messaging(exchange, request);
            }
        });
        signIn();

        WebElement composer = waitFor(By.id("content"));
        composer.sendKeys("hello");
        driver.findElement(By.cssSelector(".composer button[type='submit']")).click();

        WebElement problem = waitFor(By.cssSelector(".conversation .problem"));
        assertThat(problem.getText()).contains("Too many requests").contains("Slow down: 10 chats a minute.");
        assertThat(problem.getAttribute("role")).isEqualTo("alert");
        assertNoPolicyViolations();
    }

    @Test
    void aWrongPasswordIsShownAndPagesWithoutABackendSayTheyAreNotAvailable() throws Exception {
        driver.get(uri("/workflows").toString());
        waitFor(By.name("email")).sendKeys("ada@example.com");
        driver.findElement(By.name("password")).sendKeys("wrong-password");
        driver.findElement(By.cssSelector("form button[type='submit']")).click();
        assertThat(waitFor(By.cssSelector(".problem")).getText()).contains("Invalid credentials");
        screenshot("signin");

        driver.findElement(By.name("password")).clear();
        driver.findElement(By.name("password")).sendKeys("correct horse");
        driver.findElement(By.cssSelector("form button[type='submit']")).click();
        waitFor(By.id("content"));
        driver.findElement(By.linkText("Workflows")).click();
        waitUntil(() -> text("main").contains("Workflows is not available yet"));
        assertThat(text("main")).contains("runtime is not available");

        // Signing out clears the cookie: a reload lands on the sign-in form again.
        driver.findElement(By.xpath("//button[.='Sign out']")).click();
        waitFor(By.name("email"));
        driver.get(uri("/chat").toString());
        waitFor(By.name("email"));
        assertThat(driver.getCurrentUrl()).endsWith("/signin");
        assertNoPolicyViolations();
    }

    private void signIn() {
        driver.get(uri("/").toString());
        waitFor(By.name("email")).sendKeys("ada@example.com");
        driver.findElement(By.name("password")).sendKeys("correct horse");
        driver.findElement(By.cssSelector("form button[type='submit']")).click();
        waitFor(By.cssSelector("header.top"));
        assertThat(text(".who")).isEqualTo("ada@example.com");
        assertThat(driver.findElements(By.cssSelector(".boot"))).isEmpty();
    }

    // --- the fake services, on the real wire formats ---

    private void identity(HttpExchange exchange, FakeService.Received request) throws IOException {
        switch (request.rawPath()) {
            case "/api/auth/login" -> {
                if (!request.bodyText().contains("\"correct horse\"")) {
                    problem(exchange, 401, "Invalid credentials", "The email or password is wrong.");
                    return;
                }
                exchange.getResponseHeaders().add("Set-Cookie", "token=session-1; Path=/; HttpOnly; SameSite=Lax");
                FakeService.json(exchange, 200, """
                        {"user":{"id":"u1","email":"ada@example.com","name":"Ada"},"token":"session-1",\
                        "refreshToken":"refresh-1","expiresIn":900}""");
            }
            case "/api/auth/me" -> {
                if (!String.valueOf(request.header("Cookie")).contains("token=session-1")) {
                    problem(exchange, 401, "Authentication required", "Sign in first.");
                    return;
                }
                FakeService.json(exchange, 200, """
                        {"type":"user","user":{"id":"u1","email":"ada@example.com","name":"Ada"},\
                        "orgId":"o1","capabilities":["cap:messaging.write"],"authMethod":"token"}""");
            }
            case "/api/auth/logout" -> {
                exchange.getResponseHeaders().add("Set-Cookie", "token=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
                FakeService.json(exchange, 200, "{\"success\":true,\"message\":\"Logged out\"}");
            }
            default -> problem(exchange, 404, "Not found", "No such identity endpoint.");
        }
    }

    private volatile boolean conversationCreated;

    private void messaging(HttpExchange exchange, FakeService.Received request) throws IOException {
        String path = request.rawPath();
        if (!String.valueOf(request.header("Cookie")).contains("token=session-1")) {
            problem(exchange, 401, "Authentication required", "Sign in first.");
        } else if (path.equals("/api/conversations")) {
            FakeService.json(exchange, 200, conversationCreated ? """
                    {"conversations":[{"id":"c0ffee00-0000-4000-8000-000000000001","type":"private","name":"Greetings",\
                    "updatedAt":"2026-01-01T10:00:00Z"}],"total":1,"limit":100,"offset":0}""" : """
                    {"conversations":[],"total":0,"limit":100,"offset":0}""");
        } else if (path.equals("/api/send")) {
            conversationCreated = true;
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("X-Conversation-Id", "c0ffee00-0000-4000-8000-000000000001");
            exchange.getResponseHeaders().set("X-Message-Id", "m2");
            exchange.getResponseHeaders().set("X-User-Message-Id", "m1");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            frame(out, "{\"content\":\"Hel\"}");
            try {
                assertThat(restOfReply.await(20, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
            frame(out, "{\"content\":\"lo, \"}");
            frame(out, "{\"content\":\"world\"}");
            frame(out, """
                    {"done":true,"conversationId":"c0ffee00-0000-4000-8000-000000000001","messageId":"m2",\
                    "provider":"fake","model":"fake-1","finishReason":"stop","usage":{}}""");
            out.close();
        } else if (path.startsWith("/api/conversations/") && path.endsWith("/messages")) {
            FakeService.json(exchange, 200, """
                    {"messages":[{"id":"m2","senderId":"assistant:coordinator","senderType":"agent","content":"Hello, world",\
                    "status":"complete","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","sequence":2},\
                    {"id":"m1","senderId":"u1","senderType":"user","content":"Say hello","status":"complete","sequence":1}],\
                    "hasMore":false}""");
        } else {
            problem(exchange, 404, "Not found", "No such messaging endpoint.");
        }
    }

    private void logging(HttpExchange exchange, FakeService.Received request) throws IOException {
        switch (request.rawPath()) {
            case "/api/logs/query" -> FakeService.json(exchange, 200, """
                    {"data":[{"id":"l1","timestamp":"2026-01-01T10:00:01Z","level":"info","service":"messaging",\
                    "message":"reply streamed","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}],"rowCount":1}""");
            case "/api/traces/4bf92f3577b34da6a3ce929d0e0e4736" -> FakeService.json(exchange, 200, """
                    {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","rootSpanId":"s1","name":"POST /api/messaging/send",\
                    "serviceName":"gateway","status":"ok","startTime":"2026-01-01T10:00:00Z","endTime":"2026-01-01T10:00:01Z",\
                    "durationMs":1000.0,"spanCount":2,"errorCount":0,"services":["gateway","messaging"],"spans":[\
                    {"spanId":"s1","name":"POST /api/messaging/send","serviceName":"gateway","status":"ok",\
                    "startTime":"2026-01-01T10:00:00Z","durationMs":1000.0,"children":[\
                    {"spanId":"s2","parentSpanId":"s1","name":"chat","serviceName":"messaging","status":"ok",\
                    "startTime":"2026-01-01T10:00:00.100Z","durationMs":850.0,"children":[]}]}]}""");
            default -> problem(exchange, 404, "Not found", "No such logging endpoint.");
        }
    }

    private static void frame(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        byte[] body = ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    // --- browser helpers ---

    private static WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(RuntimeException.class).until(d -> condition.getAsBoolean());
    }

    private static Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
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
                .filter(m -> m.contains("Content Security Policy") || m.contains("TrustedHTML") || m.contains("Trusted Type")
                        || m.contains("Uncaught") || m.contains("SyntaxError") || m.contains("TypeError"))
                .toList();
        assertThat(problems).isEmpty();
    }
}
