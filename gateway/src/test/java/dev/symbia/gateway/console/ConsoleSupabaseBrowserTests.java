package dev.symbia.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.FakeService;
import dev.symbia.gateway.support.GatewayTestSupport;
import dev.symbia.test.browser.Browser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * "Sign in with Supabase" when SUPABASE_URL and SUPABASE_ANON_KEY are set: the page names the project in meta
 * elements, its CSP lets the page reach exactly that origin, and in a real browser the form signs in at a fake
 * Supabase Auth (password grant, CORS as Supabase answers it) and exchanges the token at identity for the cookie.
 */
class ConsoleSupabaseBrowserTests extends GatewayTestSupport {

    private static final FakeService SUPABASE = FakeService.start("supabase");
    private static final String ANON_KEY = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl";
    private static Browser browser;

    private final BlockingQueue<String> supabaseCalls = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> exchanges = new LinkedBlockingQueue<>();

    @DynamicPropertySource
    static void supabase(DynamicPropertyRegistry registry) {
        registry.add("symbia.gateway.console.supabase-url", () -> SUPABASE.url().toString());
        registry.add("symbia.gateway.console.supabase-anon-key", () -> ANON_KEY);
    }

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Browser.available(), "Debian's chromium and chromium-driver are not installed");
        browser = Browser.start(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        SUPABASE.close();
    }

    @BeforeEach
    void fakes() {
        browser.driver().manage().deleteAllCookies();
        SUPABASE.behave(this::supabaseAuth);
        UPSTREAMS.get(SymbiaService.IDENTITY).behave(this::identity);
    }

    @Test
    void thePageNamesTheProjectAndItsPolicyAllowsOnlyThatOrigin() throws Exception {
        HttpResponse<String> index = get("/");
        String origin = SUPABASE.url().toString();
        assertThat(index.body()).contains("<meta name=\"symbia-supabase-url\" content=\"" + origin + "\">")
                .contains("<meta name=\"symbia-supabase-anon-key\" content=\"" + ANON_KEY + "\">");
        assertThat(index.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("connect-src 'self' " + origin + ";"));
    }

    @Test
    void signingInWithSupabaseExchangesItsTokenForThePlatformsCookie() throws Exception {
        browser.open(uri("/").toString());
        browser.waitFor(By.xpath("//button[.='Sign in with Supabase']")).click();
        browser.waitUntil(() -> browser.text("h2").equals("Sign in with Supabase"));
        browser.driver().findElement(By.name("email")).sendKeys("ada@example.com");
        browser.driver().findElement(By.name("password")).sendKeys("supabase secret");
        browser.driver().findElement(By.cssSelector("form button[type='submit']")).click();

        browser.waitFor(By.cssSelector("header.top"));
        assertThat(browser.text(".who")).isEqualTo("ada@example.com");
        assertThat(supabaseCalls.poll(5, TimeUnit.SECONDS)).isEqualTo(
                "apikey=" + ANON_KEY + " {\"email\":\"ada@example.com\",\"password\":\"supabase secret\"}");
        assertThat(exchanges.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"accessToken\":\"supabase-access-token\"}");
        // Supabase's token is not kept where the page's scripts could read it.
        assertThat(browser.script("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie"))
                .asString().doesNotContain("supabase-access-token");
        browser.assertNoPolicyViolations();
    }

    @Test
    void aPasswordSupabaseRefusesIsShownAsItsProblem() {
        browser.open(uri("/").toString());
        browser.waitFor(By.xpath("//button[.='Sign in with Supabase']")).click();
        browser.waitFor(By.name("email")).sendKeys("ada@example.com");
        browser.driver().findElement(By.name("password")).sendKeys("wrong");
        browser.driver().findElement(By.cssSelector("form button[type='submit']")).click();
        browser.waitUntil(() -> browser.text(".problem").contains("Invalid login credentials"));
        assertThat(browser.text(".problem")).contains("Supabase refused the sign-in");
        assertThat(exchanges).isEmpty();
    }

    /** Supabase Auth's password grant, with the CORS answers a browser needs for a cross-origin JSON POST. */
    private void supabaseAuth(HttpExchange exchange, FakeService.Received request) throws IOException {
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "apikey, content-type, authorization");
        exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST, OPTIONS");
        if (request.method().equals("OPTIONS")) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        if (!request.rawPath().equals("/auth/v1/token") || !"grant_type=password".equals(request.rawQuery())) {
            FakeService.json(exchange, 404, "{\"code\":404,\"msg\":\"Not found\"}");
            return;
        }
        supabaseCalls.add("apikey=" + request.header("apikey") + " " + request.bodyText());
        if (!request.bodyText().contains("\"supabase secret\"")) {
            FakeService.json(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid login credentials\"}");
            return;
        }
        FakeService.json(exchange, 200, """
                {"access_token":"supabase-access-token","token_type":"bearer","expires_in":3600,\
                "refresh_token":"sb-refresh","user":{"id":"sb-1","email":"ada@example.com"}}""");
    }

    private void identity(HttpExchange exchange, FakeService.Received request) throws IOException {
        switch (request.rawPath()) {
            case "/api/auth/supabase" -> {
                exchanges.add(request.bodyText());
                exchange.getResponseHeaders().add("Set-Cookie", "token=session-sb; Path=/; HttpOnly; SameSite=Lax");
                FakeService.json(exchange, 200, """
                        {"user":{"id":"u1","email":"ada@example.com"},"token":"session-sb","refreshToken":"r1","expiresIn":900}""");
            }
            case "/api/auth/me" -> {
                if (String.valueOf(request.header("Cookie")).contains("token=session-sb")) {
                    FakeService.json(exchange, 200, """
                            {"type":"user","user":{"id":"u1","email":"ada@example.com"},"orgId":"o1","capabilities":[]}""");
                } else {
                    FakeService.json(exchange, 401, "{\"title\":\"Authentication required\",\"status\":401}");
                }
            }
            default -> FakeService.json(exchange, 404, "{\"title\":\"Not found\",\"status\":404}");
        }
    }
}
