package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.SecureDeployVendors;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import dev.symbia.e2e.support.ToolCalls;
import dev.symbia.test.browser.Browser;
import dev.symbia.test.provider.FakeProvider;
import dev.symbia.test.provider.ScriptedBody;
import dev.symbia.test.provider.Wire;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console (issue 24) in headless Chromium against the running stack: register and sign in through the page
 * (identity's httpOnly cookie), watch a chat reply from the fake SambaNova appear token by token with the live
 * socket connected, create an API key that is shown once, and, as the super admin, open the reply's trace as a
 * waterfall. Needs Debian's {@code chromium} and {@code chromium-driver} (the CI script installs them); skipped,
 * without starting the stack, when either is missing. Also: a workflow loaded into runtime drawn, started, fed and
 * watched live; a secure deploy started from the form that stops at the missing JFrog credential; the org's members
 * and audit log; an operator deploy asked for in the command bar and confirmed with a click; a
 * secure deploy from the form followed to Railway's SUCCESS with its logs; an assistant's capability granted by the
 * org admin; charts and the topology graph. Screenshots: docs/console/stack-*.png.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final String MODEL = "Meta-Llama-3.3-70B-Instruct";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Browser browser;
    private static ChromeDriver driver;
    private static String traceId;
    private static String userEmail;

    private static final String JFROG_TOKEN = "console-jfrog-token-" + System.nanoTime();
    private static final String RAILWAY_TOKEN = "console-railway-token-" + System.nanoTime();
    private static final SecureDeployVendors vendors = new SecureDeployVendors(JFROG_TOKEN, RAILWAY_TOKEN);

    private SymbiaStack stack;
    private Gateway gateway;
    private String base;

    @BeforeAll
    static void startBrowser() {
        // Before any parameter is resolved: a machine without the browser never starts the stack for this class.
        assumeTrue(Browser.available(), "Debian's chromium and chromium-driver are not installed");
        browser = Browser.start(WAIT);
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void setUp(SymbiaStack stack, Gateway gateway) {
        this.stack = stack;
        this.gateway = gateway;
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
        userEmail = "console-" + UUID.randomUUID() + "@example.test";
        driver.findElement(By.name("email")).sendKeys(userEmail);
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
    void theCommandBarKeepsOneOperatorConversationWithTheSymbiaAssistant() {
        // Each command gets a model answer: an unanswered one would count against the provider's circuit breaker.
        FakeProvider provider = stack.provider();
        provider.reset();
        provider.stream(Wire.sambaReply(MODEL, true, "Nothing is deployed yet."));
        provider.stream(Wire.sambaReply(MODEL, true, "Nothing has failed."));
        driver.get(base + "/chat");
        WebElement command = waitFor(By.id("command"));
        command.sendKeys("what is deployed right now?", Keys.ENTER);
        waitUntil(() -> text(".operator-log").contains("what is deployed right now?"));
        waitFor(By.cssSelector(".operator .live.live"));
        // The operator's first model call after the stack starts can be slow on a loaded machine.
        new WebDriverWait(driver, Duration.ofSeconds(90)).ignoring(RuntimeException.class)
                .until(d -> text(".operator-log").contains("Nothing is deployed yet."));
        // After a reload the bar finds the same conversation (marked metadata.console = operator) instead of a new one.
        driver.navigate().refresh();
        waitFor(By.xpath("//button[.='Operator']")).click();
        waitUntil(() -> text(".operator-log").contains("what is deployed right now?"));
        waitFor(By.id("command")).sendKeys("and what failed?", Keys.ENTER);
        waitUntil(() -> text(".operator-log").contains("and what failed?"));
        new WebDriverWait(driver, Duration.ofSeconds(90)).ignoring(RuntimeException.class)
                .until(d -> text(".operator-log").contains("Nothing has failed."));
        assertThat(driver.findElements(By.cssSelector(".operator-log .op-msg.user"))).hasSize(2);
        screenshot("operator");
        driver.findElement(By.cssSelector(".operator button.link")).click();
        assertNoPolicyViolations();
    }

    @Test
    @Order(4)
    void aLoadedWorkflowIsDrawnStartedFedAndWatchedLive() throws Exception {
        String name = "console-flow-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> loaded = post("/api/runtime/graphs", """
                {"symbia":"1.0","name":"%s","description":"Keeps positive readings","nodes":[
                 {"id":"entry","component":"symbia.transform.map","config":{"mapping":{"value":"reading"}}},
                 {"id":"keep","component":"symbia.logic.filter","config":{"field":"value","op":"gt","value":0}},
                 {"id":"out","component":"symbia.io.collect"}],
                 "edges":[{"id":"e1","source":{"node":"entry","port":"out"},"target":{"node":"keep","port":"in"}},
                 {"id":"e2","source":{"node":"keep","port":"pass"},"target":{"node":"out","port":"in"}}]}""".formatted(name));
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(201);

        driver.get(base + "/workflows");
        waitFor(By.linkText(name)).click();
        WebElement diagram = waitFor(By.cssSelector(".workflow-diagram"));
        waitUntil(() -> !diagram.findElements(By.tagName("canvas")).isEmpty());
        assertThat(diagram.getAttribute("data-nodes")).isEqualTo("3");
        assertThat(diagram.getAttribute("data-links")).isEqualTo("2");

        driver.findElement(By.xpath("//button[.='Start']")).click();
        waitUntil(() -> "running".equals(driver.findElement(By.cssSelector(".exec-state")).getAttribute("data-state")));
        waitFor(By.cssSelector(".live.live"));
        driver.findElement(By.name("value")).sendKeys("{\"reading\":5}");
        driver.findElement(By.xpath("//button[.='Inject']")).click();
        waitUntil(() -> text(".inject-result").contains("out:out"));
        // The execution's SSE stream brought the port events and the metrics.
        waitUntil(() -> text("table.port-events").contains("entry.out") && text("table.port-events").contains("keep.pass"));
        waitUntil(() -> Integer.parseInt(text("[data-metric='messagesProcessed']")) >= 3);
        screenshot("workflow");

        driver.findElement(By.xpath("//button[.='Pause']")).click();
        waitUntil(() -> "paused".equals(driver.findElement(By.cssSelector(".exec-state")).getAttribute("data-state")));
        driver.findElement(By.xpath("//button[.='Resume']")).click();
        waitUntil(() -> "running".equals(driver.findElement(By.cssSelector(".exec-state")).getAttribute("data-state")));
        driver.findElement(By.xpath("//button[.='Stop']")).click();
        waitUntil(() -> !"running".equals(driver.findElement(By.cssSelector(".exec-state")).getAttribute("data-state")));
        assertNoPolicyViolations();
    }

    @Test
    @Order(5)
    void aSecureDeployWithoutAJfrogCredentialStopsAndSaysWhy() {
        driver.get(base + "/deployments");
        waitFor(By.name("image")).sendKeys("docker://docker-local/app:1.0.0");
        driver.findElement(By.name("projectId")).sendKeys("p-1");
        driver.findElement(By.name("serviceId")).sendKeys("s-1");
        driver.findElement(By.name("environmentId")).sendKeys("e-1");
        driver.findElement(By.xpath("//button[.='Start secure deploy']")).click();
        waitUntil(() -> driver.getCurrentUrl().matches(".*/deployments/[0-9a-f-]{36}$"));
        // Integrations accepted it, then the runner stopped at the credentials: no JFrog key in the vault.
        waitUntil(() -> "failed".equals(driver.findElement(By.cssSelector(".deployment-title .badge")).getAttribute("data-status")));
        assertThat(text("main .problem")).containsIgnoringCase("jfrog");
        screenshot("deployment-failed");
        driver.findElement(By.linkText("← All deployments")).click();
        waitUntil(() -> text("table.deployments").contains("docker://docker-local/app:1.0.0"));
        assertNoPolicyViolations();
    }

    @Test
    @Order(6)
    void theOrgsMembersAndAuditLogAreInSettings() {
        driver.get(base + "/settings");
        waitUntil(() -> text("table.members").contains(userEmail));
        assertThat(text("table.members")).contains("admin");
        waitUntil(() -> !driver.findElements(By.cssSelector("table.audit tbody tr")).isEmpty());
        screenshot("settings-members");
        assertNoPolicyViolations();
    }

    @Test
    @Order(7)
    void anOperatorDeployIsConfirmedInTheBrowserThenRunsAsTheUser() {
        FakeProvider provider = stack.provider();
        provider.reset();
        stack.vendors().respond(vendors);
        signedIn().storeCredential(gateway, "railway", RAILWAY_TOKEN);
        provider.stream(ToolCalls.toolCall(MODEL, "call_console_deploy", "railway_deploy",
                "{\"serviceId\":\"svc-console\",\"environmentId\":\"env-prod\"}"));
        provider.stream(Wire.sambaReply(MODEL, true, "Deployed svc-console: ", "deployment dep-e2e-1."));
        int deploysBefore = vendors.railwayDeploys();

        driver.get(base + "/chat");
        waitFor(By.id("command")).sendKeys("deploy svc-console to production on Railway", Keys.ENTER);
        WebElement confirm;
        try {
            confirm = waitFor(By.cssSelector(".operator-log .op-card.confirm[data-status='pending']"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no confirm card; the drawer shows: " + text(".operator") + "; the provider got "
                    + provider.drainChatRequests().size() + " chat requests", e);
        }
        assertThat(confirm.getText()).contains("railway_deploy");
        assertThat(vendors.railwayDeploys()).as("nothing reached Railway before the click").isEqualTo(deploysBefore);
        screenshot("operator-confirm");

        confirm.findElement(By.xpath(".//button[.='Confirm']")).click();
        waitFor(By.cssSelector(".operator-log .op-card.confirm[data-status='confirmed']"));
        waitFor(By.cssSelector(".operator-log .op-card.step[data-status='succeeded']"));
        waitUntil(() -> text(".operator-log").contains("Deployed svc-console: deployment dep-e2e-1."));
        assertThat(text(".operator-log .op-card.step[data-status='succeeded']")).contains("railway_deploy");
        screenshot("operator-deployed");

        assertThat(vendors.railwayDeploys()).isEqualTo(deploysBefore + 1);
        RecordedRequest deploy = stack.vendors().received().reversed().stream()
                .filter(r -> SecureDeployVendors.body(r).contains("serviceInstanceDeployV2")).findFirst().orElseThrow();
        assertThat(deploy.getHeaders().get("Authorization")).isEqualTo("Bearer " + RAILWAY_TOKEN);
        assertThat(SecureDeployVendors.body(deploy)).contains("svc-console").contains("env-prod");
        assertNoPolicyViolations();
    }

    @Test
    @Order(8)
    void aSecureDeployFromTheFormShipsAndShowsRailwaysStatusAndLogs() {
        stack.vendors().respond(vendors);
        // Railway's token is in the vault since the operator test; the JFrog one arrives now.
        signedIn().storeCredential(gateway, "jfrog", JFROG_TOKEN);
        int deploysBefore = vendors.railwayDeploys();

        driver.get(base + "/deployments");
        waitFor(By.name("image")).sendKeys("docker://docker-local/app:2.0.0");
        driver.findElement(By.name("pipeline")).sendKeys("build_web");
        driver.findElement(By.name("branch")).sendKeys("main");
        driver.findElement(By.name("projectId")).sendKeys("p-1");
        driver.findElement(By.name("serviceId")).sendKeys("svc-form");
        driver.findElement(By.name("environmentId")).sendKeys("env-1");
        driver.findElement(By.xpath("//button[.='Start secure deploy']")).click();
        waitUntil(() -> driver.getCurrentUrl().matches(".*/deployments/[0-9a-f-]{36}$"));
        // The timeline follows the SSE stream to Railway's SUCCESS (the watch polls BUILDING, DEPLOYING, SUCCESS).
        new WebDriverWait(driver, Duration.ofSeconds(90)).ignoring(RuntimeException.class).until(d -> "succeeded"
                .equals(d.findElement(By.cssSelector(".deployment-title .badge")).getAttribute("data-status")));
        for (String stage : new String[] {"scan", "gate", "pipeline", "deploy", "status"}) {
            assertThat(driver.findElement(By.cssSelector(".timeline [data-stage='" + stage + "']")).getAttribute("data-status"))
                    .as(stage).isEqualTo("succeeded");
        }
        assertThat(text(".timeline [data-stage='status']")).contains("SUCCESS");
        waitUntil(() -> text("main").contains(SecureDeployVendors.RAILWAY_DEPLOYMENT));
        // After the deployment ends the page asks Railway once more: its final status and logs.
        waitUntil(() -> !driver.findElements(By.cssSelector(".railway-status")).isEmpty()
                && text(".railway-status").equals("SUCCESS"));
        waitUntil(() -> !driver.findElements(By.cssSelector(".railway-logs")).isEmpty()
                && text(".railway-logs").contains("Listening on :8080"));
        screenshot("deployment-succeeded");
        assertThat(vendors.railwayDeploys()).isEqualTo(deploysBefore + 1);
        RecordedRequest deploy = stack.vendors().received().reversed().stream()
                .filter(r -> SecureDeployVendors.body(r).contains("serviceInstanceDeployV2")).findFirst().orElseThrow();
        assertThat(SecureDeployVendors.body(deploy)).contains("svc-form");
        assertNoPolicyViolations();
    }

    @Test
    @Order(9)
    void theOrgAdminGrantsTheOperatorAssistantACapabilityAndIdentityKeepsIt() {
        driver.get(base + "/assistants");
        WebElement card = waitFor(By.cssSelector(".assistant[data-key='symbia']"));
        card.findElement(By.xpath(".//button[.='Change capabilities']")).click();
        // Opening it reads (and, had the assistant never acted here, provisions) its agent; the admin's own
        // capabilities are offered. Whichever is not granted yet is the one to grant.
        waitFor(By.cssSelector(".assistant[data-key='symbia'] input[name='capability']"));
        WebElement box = card.findElements(By.cssSelector("input[name='capability']")).stream()
                .filter(b -> !b.isSelected()).findFirst().orElseThrow();
        String capability = box.getAttribute("value");
        box.click();
        card.findElement(By.xpath(".//button[.='Save capabilities']")).click();
        waitUntil(() -> text(".assistant[data-key='symbia'] .grant").contains("Saved"));
        screenshot("assistants");

        // After a reload the grant comes from identity's list of the org's agents.
        driver.navigate().refresh();
        waitUntil(() -> !driver.findElements(By.cssSelector(".assistant[data-key='symbia'] .granted")).isEmpty()
                && text(".assistant[data-key='symbia'] .granted").contains(capability));
        assertThat(text(".assistant[data-key='symbia'] .agent")).contains("assistant:symbia");
        assertNoPolicyViolations();
    }

    @Test
    @Order(10)
    void theSuperAdminOpensTheRepliesTraceAsAWaterfall() throws Exception {
        assumeTrue(traceId != null, "the chat test produced no trace id");
        driver.findElement(By.xpath("//button[.='Sign out']")).click();
        // The sign-in form's email field (Settings, where the last test ended, has one too).
        waitFor(By.cssSelector(".signin input[name='email']")).sendKeys(stack.adminEmail());
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
        driver.findElement(By.linkText("Charts")).click();
        // The super admin's traces chart latency and errors; usage is per organization, which a super admin need not have.
        waitUntil(() -> !driver.findElements(By.cssSelector("[data-chart='latency'] canvas")).isEmpty()
                && !driver.findElements(By.cssSelector("[data-chart='errors'] canvas")).isEmpty());
        screenshot("charts");
        driver.findElement(By.linkText("Topology")).click();
        waitUntil(() -> text("main").contains("Nodes") && text("main").contains("messaging"));
        WebElement topology = waitFor(By.cssSelector(".topology-graph"));
        waitUntil(() -> !topology.findElements(By.tagName("canvas")).isEmpty());
        assertThat(Integer.parseInt(topology.getAttribute("data-nodes"))).isGreaterThanOrEqualTo(5);
        screenshot("topology");
        assertNoPolicyViolations();
    }

    private static Object script(String js) {
        return browser.script(js);
    }

    private static WebElement waitFor(By by) {
        return browser.waitFor(by);
    }

    private static void waitUntil(BooleanSupplier condition) {
        browser.waitUntil(condition);
    }

    private static String text(String css) {
        return browser.text(css);
    }

    /** Real-stack screenshots sit next to the stubbed ones, prefixed. */
    private static void screenshot(String name) {
        browser.screenshot("stack-" + name);
    }

    private static void assertNoPolicyViolations() {
        browser.assertNoPolicyViolations();
    }

    /** The signed-in user, with the session cookie's token as a bearer token. */
    private Account signedIn() {
        return new Account(userEmail, driver.manage().getCookieNamed("token").getValue(), null);
    }

    /** A JSON POST through the gateway as the signed-in user (the session cookie's token, as a bearer token). */
    private HttpResponse<String> post(String path, String json) throws Exception {
        String token = driver.manage().getCookieNamed("token").getValue();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
