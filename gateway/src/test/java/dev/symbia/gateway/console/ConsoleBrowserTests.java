package dev.symbia.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.FakeService;
import dev.symbia.gateway.support.GatewayTestSupport;
import dev.symbia.test.browser.Browser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console in a real browser (Debian's headless chromium through chromedriver), served by the gateway in front
 * of fake services that answer on the real wire formats: sign in (httpOnly cookie), a chat reply streamed token by
 * token, a problem shown as its title and detail, the log search and a trace waterfall, under the strict CSP.
 * Skipped when /usr/bin/chromium or /usr/bin/chromedriver is missing. Screenshots: docs/console.
 */
class ConsoleBrowserTests extends GatewayTestSupport {

    private static Browser browser;
    private static ChromeDriver driver;
    private final CountDownLatch restOfReply = new CountDownLatch(1);

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Browser.available(), "Debian's chromium and chromium-driver are not installed");
        browser = Browser.start(Duration.ofSeconds(20));
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
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
        assertThat((String) browser.script("return document.cookie")).doesNotContain("session-1");
        screenshot("chat");

        // The stored reply carries its trace: open it as a waterfall.
        waitFor(By.cssSelector(".msg.assistant a.trace")).click();
        waitUntil(() -> driver.findElements(By.cssSelector(".waterfall .span")).size() == 2);
        assertThat(text(".trace-title")).contains("POST /api/messaging/send");
        // The child span starts 100 ms into a 1 s trace and lasts 850 ms: its bar is placed through the CSSOM.
        assertThat(browser.script(
                "const bar = document.querySelectorAll('.span-bar')[1]; return bar.style.marginInlineStart + ' ' + bar.style.width"))
                .isEqualTo("10% 85%");
        screenshot("trace");

        driver.findElement(By.linkText("Logs")).click();
        waitUntil(() -> text("table.logs tbody").contains("reply streamed"));
        screenshot("logs");

        // A phone's width in the system's dark theme: one column, nothing cut off sideways.
        browser.asDarkPhone(() -> {
            driver.findElement(By.linkText("Chat")).click();
            waitFor(By.cssSelector(".conversations li a")).click();
            waitUntil(() -> text(".msg.assistant .content").equals("Hello, world"));
            assertThat(script("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
            assertThat(script("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(20, 22, 26)");
            screenshot("chat-phone-dark");
        });

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
        UPSTREAMS.get(SymbiaService.RUNTIME).behave((exchange, request) ->
                problem(exchange, 503, "Service unavailable", "runtime is starting"));
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

    @Test
    void theOperatorsPlanStepsAndConfirmationAreCardsAndConfirmIsSent() throws Exception {
        java.util.concurrent.BlockingQueue<String> decisions = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.BlockingQueue<String> posted = new java.util.concurrent.LinkedBlockingQueue<>();
        UPSTREAMS.get(SymbiaService.MESSAGING).behave((exchange, request) -> {
            String path = request.rawPath();
            if (path.equals("/api/conversations")) {
                FakeService.json(exchange, 200, """
                        {"conversations":[{"id":"op-1","type":"private","name":"Operator","metadata":{"console":"operator"},\
                        "updatedAt":"2026-01-01T10:00:00Z"}],"total":1,"limit":100,"offset":0}""");
            } else if (path.equals("/api/conversations/op-1/messages") && request.method().equals("POST")) {
                posted.add(request.bodyText());
                FakeService.json(exchange, 201, """
                        {"id":"u2","conversationId":"op-1","senderType":"user","senderId":"u1","content":"show the deployments",\
                        "status":"complete","sequence":6}""");
            } else if (path.equals("/api/conversations/op-1/messages")) {
                // Newest first, as messaging answers: a plan, a step reported twice (running, then succeeded), a
                // confirmation request.
                FakeService.json(exchange, 200, """
                        {"messages":[\
                        {"id":"m5","conversationId":"op-1","senderType":"agent","senderId":"assistant:symbia","content":"Deploy?",\
                         "status":"complete","sequence":5,"metadata":{"operator":{"kind":"confirm","confirmationId":"cf-1",\
                         "tool":"integrations.deploy","arguments":{"image":"docker://docker-local/app:1.0"},\
                         "summary":"Deploy docker://docker-local/app:1.0 to Railway","status":"pending"}}},\
                        {"id":"m4","conversationId":"op-1","senderType":"agent","senderId":"assistant:symbia","content":"",\
                         "status":"complete","sequence":4,"metadata":{"operator":{"kind":"step","stepId":"s1","tool":"xray.scan",\
                         "status":"succeeded","summary":"Scanned: 0 critical issues","result":{"critical":0}}}},\
                        {"id":"m3","conversationId":"op-1","senderType":"agent","senderId":"assistant:symbia","content":"",\
                         "status":"complete","sequence":3,"metadata":{"operator":{"kind":"step","stepId":"s1","tool":"xray.scan",\
                         "status":"running","summary":"Scanning the image"}}},\
                        {"id":"m2","conversationId":"op-1","senderType":"agent","senderId":"assistant:symbia","content":"Here is my plan",\
                         "status":"complete","sequence":2,"metadata":{"operator":{"kind":"plan","steps":[\
                         {"tool":"xray.scan","summary":"Scan the image"},{"tool":"integrations.deploy","summary":"Deploy it"}]}}},\
                        {"id":"m1","conversationId":"op-1","senderType":"user","senderId":"u1","content":"deploy with the JFrog pipeline",\
                         "status":"complete","sequence":1}],"hasMore":false}""");
            } else {
                problem(exchange, 404, "Not found", "No such messaging endpoint.");
            }
        });
        UPSTREAMS.get(SymbiaService.ASSISTANTS).behave((exchange, request) -> {
            if (request.method().equals("POST") && request.rawPath().equals("/api/operator/confirmations/cf-1")) {
                decisions.add(request.bodyText());
                FakeService.json(exchange, 200, "{\"confirmationId\":\"cf-1\",\"status\":\"confirmed\"}");
            } else {
                problem(exchange, 404, "Not found", "No such assistants endpoint.");
            }
        });
        signIn();
        // A reload with the session cookie renders straight onto the page (the live socket reports while it is built).
        driver.navigate().refresh();
        waitFor(By.cssSelector("header.top"));

        // Ctrl+K reaches the bar from anywhere; a command opens the drawer with the conversation's cards.
        driver.findElement(By.tagName("body")).sendKeys(Keys.chord(Keys.CONTROL, "k"));
        waitUntil(() -> "command".equals(script("return document.activeElement.id")));
        driver.switchTo().activeElement().sendKeys("show the deployments", Keys.ENTER);
        waitFor(By.cssSelector(".operator .op-card.confirm"));
        waitUntil(() -> posted.peek() != null);
        assertThat(posted.poll()).isEqualTo("{\"content\":\"show the deployments\"}");
        assertThat(driver.findElements(By.cssSelector(".op-card.plan ol li"))).hasSize(2);
        // the steps say it all: neither the summary text nor the tool name is shown twice
        assertThat(driver.findElement(By.cssSelector(".op-card.plan")).getText()).doesNotContain("Here is my plan");
        // The step's two reports fold into one card at its latest status.
        assertThat(driver.findElements(By.cssSelector(".op-card.step"))).hasSize(1);
        assertThat(waitFor(By.cssSelector(".op-card.step")).getAttribute("data-status")).isEqualTo("succeeded");
        assertThat(text(".op-card.confirm")).contains("Deploy docker://docker-local/app:1.0 to Railway");
        waitUntil(() -> text(".operator-log").contains("show the deployments"));
        screenshot("operator-confirm");

        driver.findElement(By.xpath("//li[contains(@class,'confirm')]//button[.='Confirm']")).click();
        waitUntil(() -> "confirmed".equals(driver.findElement(By.cssSelector(".op-card.confirm")).getAttribute("data-status")));
        assertThat(decisions.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"decision\":\"confirm\"}");
        assertThat(text(".op-card.confirm .outcome")).contains("Confirmed");
        assertThat(driver.findElements(By.xpath("//li[contains(@class,'confirm')]//button"))).isEmpty();
        screenshot("operator");
        assertNoPolicyViolations();
    }

    @Test
    void theOperatorBeingDownIsSaidInTheDrawer() {
        UPSTREAMS.get(SymbiaService.MESSAGING).behave((exchange, request) -> {
            if (request.rawPath().equals("/api/conversations") && request.method().equals("GET")) {
                FakeService.json(exchange, 200, "{\"conversations\":[],\"total\":0,\"limit\":100,\"offset\":0}");
            } else if (request.rawPath().equals("/api/conversations") && request.method().equals("POST")) {
                FakeService.json(exchange, 201, "{\"id\":\"op-2\",\"type\":\"private\",\"metadata\":{\"console\":\"operator\"}}");
            } else if (request.rawPath().equals("/api/conversations/op-2/participants")) {
                problem(exchange, 422, "Unknown assistant", "No assistant named symbia is installed.");
            } else if (request.rawPath().equals("/api/conversations/op-2") && request.method().equals("DELETE")) {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            } else {
                problem(exchange, 404, "Not found", "No such messaging endpoint.");
            }
        });
        signIn();
        WebElement command = waitFor(By.id("command"));
        command.sendKeys("scan the project for vulnerabilities", Keys.ENTER);
        waitUntil(() -> text(".operator .problem").contains("No assistant named symbia is installed."));
        assertThat(text(".operator .problem")).contains("Unknown assistant");
        assertNoPolicyViolations();
    }

    @Test
    void aSecureDeployStartsFromTheFormAndShowsItsStepsRailwayStatusAndLogs() throws Exception {
        java.util.concurrent.BlockingQueue<String> started = new java.util.concurrent.LinkedBlockingQueue<>();
        CountDownLatch deployed = new CountDownLatch(1);
        UPSTREAMS.get(SymbiaService.INTEGRATIONS).behave((exchange, request) -> {
            String path = request.rawPath();
            if (path.equals("/api/deployments") && request.method().equals("POST")) {
                started.add(request.bodyText());
                FakeService.json(exchange, 202, deployment("running", "[]", null));
            } else if (path.equals("/api/deployments")) {
                FakeService.json(exchange, 200, "{\"deployments\":[]}");
            } else if (path.equals("/api/deployments/" + DEPLOYMENT + "/events")) {
                OutputStream out = sse(exchange);
                event(out, "deployment", deployment("running", SCAN_STEPS, null));
                try {
                    assertThat(deployed.await(20, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                event(out, "deployment", deployment("succeeded", SCAN_STEPS + "," + DEPLOY_STEPS, "rw-1"));
                out.close();
            } else if (path.equals("/api/connectors/railway/status")) {
                FakeService.json(exchange, 200, """
                        {"connector":"railway","operation":"status","result":{"deploymentId":"rw-1","status":"SUCCESS",\
                        "url":"app.up.railway.app","terminal":true}}""");
            } else if (path.equals("/api/connectors/railway/logs")) {
                FakeService.json(exchange, 200, """
                        {"connector":"railway","operation":"logs","result":{"logs":[\
                        {"timestamp":"2026-01-01T10:00:05Z","message":"Listening on :8080","severity":"info"}]}}""");
            } else {
                problem(exchange, 404, "Not found", "No such integrations endpoint.");
            }
        });
        signIn();
        driver.findElement(By.linkText("Deployments")).click();
        waitFor(By.name("image")).sendKeys("docker://docker-local/app:1.0");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.name("maxSeverity"))).selectByVisibleText("Critical");
        driver.findElement(By.name("pipeline")).sendKeys("build_and_push");
        driver.findElement(By.name("projectId")).sendKeys("p-1");
        driver.findElement(By.name("serviceId")).sendKeys("s-1");
        driver.findElement(By.name("environmentId")).sendKeys("e-1");
        screenshot("deployments-form");
        driver.findElement(By.xpath("//button[.='Start secure deploy']")).click();

        String request = started.poll(10, TimeUnit.SECONDS);
        assertThat(json(request).path("image").asString()).isEqualTo("docker://docker-local/app:1.0");
        assertThat(json(request).path("gate").path("maxSeverity").asString()).isEqualTo("Critical");
        assertThat(json(request).path("pipeline").path("name").asString()).isEqualTo("build_and_push");
        assertThat(json(request).path("railway").path("environmentId").asString()).isEqualTo("e-1");
        waitUntil(() -> driver.getCurrentUrl().endsWith("/deployments/" + DEPLOYMENT));
        // Live: the scan is done and the gate running while the rest has not happened yet.
        waitUntil(() -> "succeeded".equals(stage("scan")) && "running".equals(stage("gate")));
        assertThat(stage("deploy")).isEqualTo("waiting");
        screenshot("deployment-running");

        deployed.countDown();
        waitUntil(() -> "succeeded".equals(stage("status")));
        assertThat(stage("pipeline")).isEqualTo("succeeded");
        assertThat(text("main")).contains("1 Low");
        waitUntil(() -> text(".railway-logs").contains("Listening on :8080"));
        assertThat(text(".railway-status")).isEqualTo("SUCCESS");
        screenshot("deployment");
        assertNoPolicyViolations();
    }

    @Test
    void aBlockedDeployListsItsXrayFindings() {
        UPSTREAMS.get(SymbiaService.INTEGRATIONS).behave((exchange, request) -> {
            if (request.rawPath().equals("/api/deployments/" + DEPLOYMENT + "/events")) {
                OutputStream out = sse(exchange);
                event(out, "deployment", deployment("blocked", SCAN_STEPS.replace("""
                        "name":"gate","status":"running","startedAt":"2026-01-01T10:00:03Z\"""", """
                        "name":"gate","status":"blocked","findings":[{"id":"XRAY-1","summary":"Heap overflow in zlib",\
                        "severity":"Critical","type":"security","cves":["CVE-2026-0001"],"components":["zlib:1.2.11"]}],\
                        "error":"1 issue(s) at or above High: CVE-2026-0001","detail":{"maxSeverity":"High","issuesBySeverity":{"Critical":1}},\
                        "startedAt":"2026-01-01T10:00:03Z\""""), null).replace("\"error\":null", "\"error\":\"Blocked by the gate\""));
                out.close();
            } else {
                FakeService.json(exchange, 200, "{\"deployments\":[]}");
            }
        });
        signIn();
        driver.get(uri("/deployments/" + DEPLOYMENT).toString());
        waitUntil(() -> "blocked".equals(stage("gate")));
        assertThat(text("table.findings tbody")).contains("CVE-2026-0001").contains("zlib:1.2.11").contains("Critical");
        assertThat(stage("deploy")).isEqualTo("not run");
        screenshot("deployment-blocked");
        assertNoPolicyViolations();
    }

    @Test
    void theDeploymentsPageSaysSoWhenIntegrationsIsDown() {
        UPSTREAMS.get(SymbiaService.INTEGRATIONS).behave((exchange, request) ->
                problem(exchange, 503, "Service unavailable", "integrations is restarting"));
        signIn();
        driver.findElement(By.linkText("Deployments")).click();
        waitUntil(() -> text("main").contains("Deployments is not available yet"));
        assertThat(text("main")).contains("integrations is restarting");
        assertNoPolicyViolations();
    }

    @Test
    void aWorkflowIsDrawnStartedFedPausedAndWatched() throws Exception {
        java.util.concurrent.BlockingQueue<String> injected = new java.util.concurrent.LinkedBlockingQueue<>();
        CountDownLatch done = new CountDownLatch(1);
        UPSTREAMS.get(SymbiaService.RUNTIME).behave((exchange, request) -> {
            switch (request.rawPath()) {
                case "/api/graphs" -> FakeService.json(exchange, 200, """
                        {"loadedGraphs":1,"graphs":[{"id":"g-1","name":"shout","version":"1.0.0","description":"Upper-cases text",\
                        "nodeCount":3,"edgeCount":2,"orgId":"o1","loadedAt":"2026-01-01T09:00:00Z"}]}""");
                case "/api/executions" -> FakeService.json(exchange, 200, "{\"executions\":[],\"total\":0}");
                case "/api/graphs/g-1" -> FakeService.json(exchange, 200, """
                        {"id":"g-1","name":"shout","version":"1.0.0","description":"Upper-cases text","orgId":"o1",\
                        "nodes":[{"id":"entry","component":"passthrough"},{"id":"upper","component":"text.upper"},\
                        {"id":"log","component":"debug"}],\
                        "edges":[{"id":"e1","source":{"node":"entry","port":"out"},"target":{"node":"upper","port":"in"}},\
                        {"id":"e2","source":{"node":"upper","port":"out"},"target":{"node":"log","port":"in"}}],\
                        "topology":{"sorted":["entry","upper","log"],"levels":{"entry":0,"upper":1,"log":2},\
                        "inputNodes":["entry"],"outputNodes":["log"]}}""");
                case "/api/graphs/g-1/execute" -> FakeService.json(exchange, 201,
                        "{\"executionId\":\"x-1\",\"graphId\":\"g-1\",\"state\":\"running\",\"startedAt\":\"2026-01-01T10:00:00Z\"}");
                case "/api/executions/x-1/events" -> {
                    OutputStream out = sse(exchange);
                    event(out, "execution:state", "{\"executionId\":\"x-1\",\"state\":\"running\",\"metrics\":{\"messagesProcessed\":0}}");
                    event(out, "port:emit", """
                            {"executionId":"x-1","sourceNode":"entry","sourcePort":"out","targetNode":"upper","targetPort":"in",\
                            "value":{"text":"hi"},"lane":"data","timestamp":"2026-01-01T10:00:01Z","sequence":1}""");
                    event(out, "metrics:update", """
                            {"executionId":"x-1","metrics":{"messagesProcessed":2,"messagesEmitted":2,"nodeInvocations":3,\
                            "avgLatencyMs":0.4,"maxLatencyMs":0.9,"errorCount":0,"queued":0,"backpressureEvents":0}}""");
                    try {
                        done.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    out.close();
                }
                case "/api/executions/x-1/inject" -> {
                    injected.add(request.bodyText());
                    FakeService.json(exchange, 200, """
                            {"executionId":"x-1","nodeId":"entry","port":"in","success":true,\
                            "outputs":{"log:out":{"value":{"text":"HI"},"lane":"data"}},"trace":[],"hops":2}""");
                }
                case "/api/executions/x-1/pause" -> FakeService.json(exchange, 200, "{\"executionId\":\"x-1\",\"state\":\"paused\"}");
                default -> problem(exchange, 404, "Not found", "No such runtime endpoint.");
            }
        });
        try {
            signIn();
            driver.findElement(By.linkText("Workflows")).click();
            waitFor(By.linkText("shout")).click();
            // Drawn by ECharts on a canvas, with the graph's three nodes and two edges.
            WebElement diagram = waitFor(By.cssSelector(".workflow-diagram"));
            waitUntil(() -> !diagram.findElements(By.tagName("canvas")).isEmpty());
            assertThat(diagram.getAttribute("data-nodes")).isEqualTo("3");
            assertThat(diagram.getAttribute("data-links")).isEqualTo("2");

            driver.findElement(By.xpath("//button[.='Start']")).click();
            waitUntil(() -> text("table.port-events").contains("entry.out"));
            waitUntil(() -> text("[data-metric='messagesProcessed']").equals("2"));
            assertThat(driver.findElement(By.cssSelector(".exec-state")).getAttribute("data-state")).isEqualTo("running");

            driver.findElement(By.name("value")).sendKeys("{\"text\":\"hi\"}");
            driver.findElement(By.xpath("//button[.='Inject']")).click();
            assertThat(injected.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"nodeId\":\"entry\",\"port\":\"in\",\"value\":{\"text\":\"hi\"}}");
            waitUntil(() -> text(".inject-result").contains("HI"));
            screenshot("workflow");

            driver.findElement(By.xpath("//button[.='Pause']")).click();
            waitUntil(() -> "paused".equals(driver.findElement(By.cssSelector(".exec-state")).getAttribute("data-state")));
            assertThat(driver.findElement(By.xpath("//button[.='Resume']")).isEnabled()).isTrue();
            assertThat(driver.findElement(By.xpath("//button[.='Pause']")).isEnabled()).isFalse();
            assertNoPolicyViolations();
        } finally {
            done.countDown();
        }
    }

    @Test
    void chartsTopologyCatalogVersionsAndSettingsShowTheirBackendsData() throws Exception {
        java.util.concurrent.BlockingQueue<String> published = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.BlockingQueue<String> roles = new java.util.concurrent.LinkedBlockingQueue<>();
        UPSTREAMS.get(SymbiaService.INTEGRATIONS).behave((exchange, request) -> FakeService.json(exchange, 200, """
                {"orgId":"o1","groupBy":"day","rows":[\
                {"key":"2026-01-01","requests":10,"errors":1,"cancelled":0,"promptTokens":900,"completionTokens":100,"totalTokens":1000},\
                {"key":"2026-01-02","requests":25,"errors":0,"cancelled":0,"promptTokens":2000,"completionTokens":500,"totalTokens":2500}],\
                "totals":{"key":"total","requests":35,"errors":1}}"""));
        UPSTREAMS.get(SymbiaService.LOGGING).behave((exchange, request) -> FakeService.json(exchange, 200, """
                {"data":[{"traceId":"t1","name":"POST /api/messaging/send","startTime":"2026-01-01T10:00:00Z","durationMs":120.0,"status":"ok","spanCount":3},\
                {"traceId":"t2","name":"POST /api/messaging/send","startTime":"2026-01-01T10:05:00Z","durationMs":340.0,"status":"error","spanCount":3},\
                {"traceId":"t3","name":"GET /api/catalog/resources","startTime":"2026-01-01T10:10:00Z","durationMs":15.0,"status":"ok","spanCount":1}]}"""));
        UPSTREAMS.get(SymbiaService.NETWORK).behave((exchange, request) -> FakeService.json(exchange, 200, """
                {"nodes":[{"id":"n1","name":"messaging","type":"service","status":"online","connected":true},\
                {"id":"n2","name":"assistants","type":"service","status":"online","connected":true},\
                {"id":"n3","name":"runtime","type":"service","status":"offline","connected":false}],\
                "contracts":[{"from":"n1","to":"n2","allowedEventTypes":["message.new"]},{"from":"n2","to":"n1","allowedEventTypes":[]}]}"""));
        UPSTREAMS.get(SymbiaService.CATALOG).behave((exchange, request) -> {
            String path = request.rawPath();
            if (path.equals("/api/resources")) {
                FakeService.json(exchange, 200, """
                        [{"id":"r-1","key":"assistants/helper","name":"Helper","type":"assistant","status":"published","currentVersion":2}]""");
            } else if (path.equals("/api/resources/r-1/versions")) {
                FakeService.json(exchange, 200, """
                        [{"version":2,"publishedAt":"2026-01-02T10:00:00Z","changelog":"Friendlier","content":{"prompt":"Be friendly","model":"m"}},\
                        {"version":1,"publishedAt":"2026-01-01T10:00:00Z","changelog":"First","content":{"prompt":"Be terse","model":"m"}}]""");
            } else if (path.equals("/api/resources/r-1/publish")) {
                published.add(request.bodyText());
                FakeService.json(exchange, 201, "{\"version\":3}");
            } else if (path.equals("/api/resources/r-1")) {
                FakeService.json(exchange, 200, """
                        {"id":"r-1","key":"assistants/helper","name":"Helper","type":"assistant","status":"published","currentVersion":3}""");
            } else {
                problem(exchange, 404, "Not found", "No such catalog endpoint.");
            }
        });
        UPSTREAMS.get(SymbiaService.IDENTITY).behave((exchange, request) -> {
            switch (request.rawPath()) {
                case "/api/orgs/o1" -> FakeService.json(exchange, 200, """
                        {"organization":{"id":"o1","name":"Acme","slug":"acme","role":"admin"},"members":[\
                        {"id":"mb-1","userId":"u1","email":"ada@example.com","name":"Ada","role":"admin","createdAt":"2026-01-01T09:00:00Z"},\
                        {"id":"mb-2","userId":"u2","email":"bob@example.com","name":"Bob","role":"member","createdAt":"2026-01-01T09:30:00Z"}]}""");
                case "/api/orgs/o1/members/mb-2" -> {
                    roles.add(request.method() + " " + request.bodyText());
                    FakeService.json(exchange, 200, "{\"member\":{\"id\":\"mb-2\",\"role\":\"viewer\"}}");
                }
                case "/api/audit" -> FakeService.json(exchange, 200, """
                        {"items":[{"id":"a1","orgId":"o1","actorType":"user","actorId":"u1","action":"member.invited",\
                        "targetType":"user","targetId":"u2","ip":"127.0.0.1","metadata":{},"createdAt":"2026-01-01T09:30:00Z"}],\
                        "limit":50,"offset":0,"hasMore":false}""");
                case "/api/api-keys" -> FakeService.json(exchange, 200, "{\"apiKeys\":[]}");
                case "/api/credentials" -> FakeService.json(exchange, 200, "{\"credentials\":[]}");
                default -> identity(exchange, request);
            }
        });
        signIn();

        driver.get(uri("/observe/charts").toString());
        waitUntil(() -> driver.findElements(By.cssSelector(".chart canvas")).size() == 3);
        assertThat(driver.findElement(By.cssSelector("[data-chart='usage']")).getAttribute("data-points")).isEqualTo("2");
        screenshot("charts");

        driver.findElement(By.linkText("Topology")).click();
        WebElement topology = waitFor(By.cssSelector(".topology-graph"));
        waitUntil(() -> !topology.findElements(By.tagName("canvas")).isEmpty());
        assertThat(topology.getAttribute("data-nodes")).isEqualTo("3");
        assertThat(topology.getAttribute("data-links")).isEqualTo("2");
        screenshot("topology");

        driver.findElement(By.linkText("Catalog")).click();
        waitFor(By.cssSelector("button.resource")).click();
        waitFor(By.cssSelector(".side-by-side"));
        // v1 on the left, v2 on the right: only the prompt line differs.
        assertThat(driver.findElements(By.cssSelector(".side-by-side > div:first-child .diff .changed")))
                .singleElement().extracting(WebElement::getText).asString().contains("Be terse");
        assertThat(driver.findElements(By.cssSelector(".side-by-side > div:last-child .diff .changed")))
                .singleElement().extracting(WebElement::getText).asString().contains("Be friendly");
        screenshot("catalog-versions");
        driver.findElement(By.name("changelog")).sendKeys("Warmer tone");
        driver.findElement(By.xpath("//button[.='Publish new version']")).click();
        assertThat(published.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"changelog\":\"Warmer tone\"}");
        waitUntil(() -> text("main").contains("Published version 3."));

        driver.findElement(By.linkText("Settings")).click();
        waitUntil(() -> text("table.members").contains("bob@example.com"));
        waitUntil(() -> text("table.audit").contains("member.invited"));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select[aria-label='Role of bob@example.com']")))
                .selectByVisibleText("viewer");
        assertThat(roles.poll(10, TimeUnit.SECONDS)).isEqualTo("PATCH {\"role\":\"viewer\"}");
        screenshot("settings");

        browser.asDarkPhone(() -> {
            driver.get(uri("/observe/charts").toString());
            waitUntil(() -> driver.findElements(By.cssSelector(".chart canvas")).size() == 3);
            assertThat(script("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
            screenshot("charts-phone-dark");
        });
        assertNoPolicyViolations();
    }

    // --- the Assistants page: an org admin grants an assistant's agent its capabilities ---

    private static final String AGENT_ROW = "a9e00000-0000-4000-8000-000000000001";
    private static final String ADMIN_CAPS = """
            ["cap:agents.manage","cap:assistants.manage","cap:catalog.read","cap:messaging.write","cap:runtime.execute"]""";

    @Test
    void anOrgAdminTicksAnAssistantsCapabilitiesAndTheSaveSendsExactlyThem() throws Exception {
        java.util.concurrent.BlockingQueue<String> grants = new java.util.concurrent.LinkedBlockingQueue<>();
        assistantsRoster("Helper");
        identityFor(ADMIN_CAPS, (exchange, request) -> {
            grants.add(request.method() + " " + request.rawPath() + " " + request.bodyText());
            FakeService.json(exchange, 200, agent("\"cap:messaging.write\",\"cap:runtime.execute\""));
        });
        signIn();
        driver.findElement(By.linkText("Assistants")).click();

        WebElement card = waitFor(By.cssSelector(".assistant[data-key='helper']"));
        waitUntil(() -> card.findElement(By.cssSelector(".agent")).getText().contains("assistant:helper"));
        assertThat(card.findElement(By.cssSelector(".granted")).getText()).isEqualTo("cap:catalog.read");
        // Declared is not granted: the one the admin has not granted yet is marked.
        assertThat(card.findElement(By.cssSelector(".declared li.missing")).getText()).contains("cap:messaging.write");

        card.findElement(By.xpath(".//button[.='Change capabilities']")).click();
        waitFor(By.cssSelector("input[name='capability'][value='cap:runtime.execute']"));
        // Offered: what the admin holds (and what is granted), the granted one ticked.
        assertThat(driver.findElements(By.cssSelector("input[name='capability']"))).extracting(e -> e.getAttribute("value"))
                .containsExactly("cap:catalog.read", "cap:messaging.write", "cap:agents.manage", "cap:assistants.manage",
                        "cap:runtime.execute");
        assertThat(checkbox("cap:catalog.read").isSelected()).isTrue();
        assertThat(checkbox("cap:messaging.write").isSelected()).isFalse();
        checkbox("cap:catalog.read").click();
        checkbox("cap:runtime.execute").click();
        checkbox("cap:messaging.write").click();
        screenshot("assistants");
        driver.findElement(By.xpath("//button[.='Save capabilities']")).click();

        assertThat(grants.poll(10, TimeUnit.SECONDS)).isEqualTo("PUT /api/agents/" + AGENT_ROW
                + "/capabilities {\"capabilities\":[\"cap:messaging.write\",\"cap:runtime.execute\"]}");
        waitUntil(() -> text(".assistant .once").contains("Saved"));
        assertThat(text(".assistant .granted")).contains("cap:messaging.write").contains("cap:runtime.execute")
                .doesNotContain("cap:catalog.read");
        // The declared one the admin took away is the one now marked as not granted.
        assertThat(driver.findElements(By.cssSelector(".declared li.missing"))).singleElement()
                .extracting(WebElement::getText).asString().contains("cap:catalog.read");
        assertThat(grants).isEmpty();
        assertNoPolicyViolations();
    }

    @Test
    void aGrantIdentityRefusesShowsTheProblemsDetailInThePage() {
        assistantsRoster("Helper");
        identityFor(ADMIN_CAPS, (exchange, request) ->
                problem(exchange, 403, "Forbidden", "You cannot grant cap:runtime.execute: you do not hold it."));
        signIn();
        driver.get(uri("/assistants").toString());
        waitFor(By.xpath("//button[.='Change capabilities']")).click();
        waitFor(By.cssSelector("input[name='capability'][value='cap:runtime.execute']")).click();
        driver.findElement(By.xpath("//button[.='Save capabilities']")).click();

        WebElement problem = waitFor(By.cssSelector(".assistant .grant .problem"));
        assertThat(problem.getText()).contains("Forbidden").contains("You cannot grant cap:runtime.execute: you do not hold it.")
                .doesNotContain("{").doesNotContain("\"status\"");
        assertThat(problem.getAttribute("role")).isEqualTo("alert");
        // Nothing was granted: the list still shows identity's grants, and the admin's choice stays ticked to retry.
        assertThat(text(".assistant .granted")).isEqualTo("cap:catalog.read");
        assertThat(checkbox("cap:runtime.execute").isSelected()).isTrue();
        assertThat(driver.findElements(By.cssSelector(".assistant .once"))).isEmpty();
        assertNoPolicyViolations();
    }

    @Test
    void aMemberSeesTheGrantsReadOnlyAndAnAssistantsMarkupIsShownAsText() {
        String name = "<script>window.injected = 1</script><img src=x onerror=\\\"window.injected = 2\\\">";
        assistantsRoster(name);
        identityFor("[\"cap:messaging.write\",\"cap:catalog.read\"]", (exchange, request) ->
                problem(exchange, 403, "Forbidden", "Only an admin can change agents."));
        signIn();
        driver.findElement(By.linkText("Assistants")).click();

        WebElement card = waitFor(By.cssSelector(".assistant[data-key='helper']"));
        waitUntil(() -> card.findElement(By.cssSelector(".agent")).getText().contains("assistant:helper"));
        assertThat(card.findElement(By.tagName("h2")).getText())
                .startsWith("<script>window.injected = 1</script><img src=x onerror=\"window.injected = 2\">");
        assertThat(driver.findElements(By.cssSelector("main script, main img"))).isEmpty();
        assertThat(script("return window.injected === undefined")).isEqualTo(true);
        assertThat(card.findElement(By.cssSelector(".granted")).getText()).isEqualTo("cap:catalog.read");
        // Read-only: no way to change the grants, and the page says who can.
        assertThat(driver.findElements(By.xpath("//button[.='Change capabilities' or .='Save capabilities']"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector("input[type='checkbox']"))).isEmpty();
        assertThat(text("main")).contains("Only the organization's admins change them.");
        assertNoPolicyViolations();
    }

    private static WebElement checkbox(String capability) {
        return driver.findElement(By.cssSelector("input[name='capability'][value='" + capability + "']"));
    }

    /** assistants with one assistant, "helper", declaring two capabilities of which its agent holds one. */
    private static void assistantsRoster(String name) {
        UPSTREAMS.get(SymbiaService.ASSISTANTS).behave((exchange, request) -> {
            switch (request.rawPath()) {
                case "/api/assistants" -> FakeService.json(exchange, 200, """
                        {"assistants":[{"key":"helper","name":"%s","alias":"help","principalId":"assistant:helper",\
                        "description":"Answers questions","status":"active","tags":[],\
                        "capabilities":["cap:catalog.read","cap:messaging.write"],"hasRules":true,"rulesCount":2,\
                        "rulesSource":"catalog","orgId":"o1","routing":{},"llmConfig":{},\
                        "messaging":{"userId":"assistant:helper"}}]}""".formatted(name));
                case "/api/assistants/helper/agent" -> FakeService.json(exchange, 200, """
                        {"key":"helper","agentId":"assistant:helper","agentRowId":"%s",\
                        "declared":["cap:catalog.read","cap:messaging.write"],"granted":["cap:catalog.read"],\
                        "missing":["cap:messaging.write"],"grantWith":"PUT /api/identity/agents/%s/capabilities"}"""
                        .formatted(AGENT_ROW, AGENT_ROW));
                default -> problem(exchange, 404, "Not found", "No such assistants endpoint.");
            }
        });
    }

    /** identity for a user holding {@code capabilities}: the org's agents, and {@code grant} answering the PUT. */
    private void identityFor(String capabilities, FakeService.Behaviour grant) {
        UPSTREAMS.get(SymbiaService.IDENTITY).behave((exchange, request) -> {
            String path = request.rawPath();
            if (path.equals("/api/auth/me") && String.valueOf(request.header("Cookie")).contains("token=session-1")) {
                FakeService.json(exchange, 200, """
                        {"type":"user","user":{"id":"u1","email":"ada@example.com","name":"Ada"},\
                        "orgId":"o1","capabilities":%s,"authMethod":"token"}""".formatted(capabilities.strip()));
            } else if (path.equals("/api/agents")) {
                FakeService.json(exchange, 200, "{\"agents\":[" + agent("\"cap:catalog.read\"") + "]}");
            } else if (path.equals("/api/agents/" + AGENT_ROW + "/capabilities") && request.method().equals("PUT")) {
                grant.respond(exchange, request);
            } else {
                identity(exchange, request);
            }
        });
    }

    private static String agent(String capabilities) {
        return """
                {"id":"%s","agentId":"assistant:helper","name":"Helper","orgId":"o1","capabilities":[%s],\
                "metadata":{"kind":"assistant","assistantKey":"helper"},"isActive":true,\
                "lastSeenAt":"2026-01-01T10:00:00Z","createdAt":"2026-01-01T09:00:00Z"}""".formatted(AGENT_ROW, capabilities);
    }

    private static final String DEPLOYMENT = "d0000000-0000-4000-8000-000000000001";
    private static final String SCAN_STEPS = """
            {"seq":1,"name":"xray.scan","status":"succeeded","durationMs":1200,"detail":{"info":"scan started"},\
            "startedAt":"2026-01-01T10:00:00Z"},\
            {"seq":2,"name":"xray.summary","status":"succeeded","durationMs":800,"startedAt":"2026-01-01T10:00:02Z"},\
            {"seq":3,"name":"gate","status":"running","startedAt":"2026-01-01T10:00:03Z"}""";
    private static final String DEPLOY_STEPS = """
            {"seq":4,"name":"gate","status":"succeeded","findings":[],"detail":{"maxSeverity":"Critical","issuesBySeverity":{"Low":1}}},\
            {"seq":5,"name":"pipeline","status":"succeeded","durationMs":30000},\
            {"seq":6,"name":"railway.deploy","status":"succeeded","vendorId":"rw-1","detail":{"deploymentId":"rw-1"}},\
            {"seq":7,"name":"railway.watch","status":"succeeded","detail":{"status":"SUCCESS"}}""";

    private static String deployment(String status, String steps, String railwayId) {
        // The gate's last report wins: drop the running one once a finished one follows.
        String list = steps.contains("\"name\":\"gate\",\"status\":\"succeeded\"")
                ? steps.replaceFirst("\\{\"seq\":3,\"name\":\"gate\",\"status\":\"running\",\"startedAt\":\"[^\"]+\"},?", "") : steps;
        return """
                {"id":"%s","orgId":"o1","userId":"u1","status":"%s","request":{"image":"docker://docker-local/app:1.0",\
                "gate":{"maxSeverity":"Critical"},"pipeline":{"name":"build_and_push"}},"railwayDeploymentId":%s,"error":null,\
                "createdAt":"2026-01-01T10:00:00Z","steps":[%s]}""".formatted(DEPLOYMENT, status,
                railwayId == null ? "null" : "\"" + railwayId + "\"", list.strip());
    }

    private static String stage(String key) {
        return driver.findElement(By.cssSelector(".timeline [data-stage='" + key + "']")).getAttribute("data-status");
    }

    private static OutputStream sse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void event(OutputStream out, String name, String json) throws IOException {
        out.write(("event: " + name + "\ndata: " + json.replace("\n", "") + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
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
        return browser.waitFor(by);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        browser.waitUntil(condition);
    }

    private static Object script(String js) {
        return browser.script(js);
    }

    private static String text(String css) {
        return browser.text(css);
    }

    private static void screenshot(String name) {
        browser.screenshot(name);
    }

    private static void assertNoPolicyViolations() {
        browser.assertNoPolicyViolations();
    }
}
