package dev.symbia.gateway.console;

import static dev.symbia.gateway.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.GatewayTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The console served at {@code /}: headers, versioned assets, the page fallback and what it must never shadow. */
class ConsoleServingTests extends GatewayTestSupport {

    private static final Pattern ASSET_BASE = Pattern.compile("/assets/([0-9a-f]{16})/");
    // Static imports and re-exports of an ES module, minified or not: from"x", from 'x', import "x".
    private static final Pattern IMPORT = Pattern.compile("(?:\\bfrom|\\bimport)\\s*[\"']([^\"']+)[\"']");

    private HttpResponse<String> navigate(String path) throws Exception {
        return send(request(path).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET().build());
    }

    private String version() throws Exception {
        Matcher m = ASSET_BASE.matcher(navigate("/").body());
        assertThat(m.find()).as("index.html names the asset version").isTrue();
        return m.group(1);
    }

    @Test
    void indexIsServedAtRootWithAStrictPolicyAndNeverCached() throws Exception {
        HttpResponse<String> response = navigate("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'", "require-trusted-types-for 'script'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*", "http:", "https:", "nonce-", "sha256-");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        String body = response.body();
        assertThat(body).contains("<script type=\"module\" src=\"/assets/").doesNotContain("@ASSETS@");
        // No inline script or style: every <script> has a src, no <style> element, no style or on* attribute.
        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>").matcher(body).find()).isFalse();
        assertThat(body).doesNotContain("<style", " style=", " onclick=", " onload=");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @Test
    void assetsAreVersionedAndCachedForAYear() throws Exception {
        String version = version();

        HttpResponse<String> js = get("/assets/" + version + "/app.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=UTF-8");
        assertThat(js.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");
        assertThat(js.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(js.body()).contains("import");

        HttpResponse<String> css = get("/assets/" + version + "/console.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css;charset=UTF-8");
        assertThat(css.body()).contains("prefers-color-scheme: dark");

        HttpResponse<String> licence = get("/assets/" + version + "/vendor/lit-html/LICENSE");
        assertThat(licence.statusCode()).isEqualTo(200);
        assertThat(licence.body()).contains("BSD");
    }

    @Test
    void everyModuleTheConsoleImportsIsServedFromTheSameVersionWithoutBareSpecifiers() throws Exception {
        String base = "/assets/" + version() + "/";
        Deque<URI> pending = new ArrayDeque<>();
        Set<URI> seen = new HashSet<>();
        pending.add(uri(base + "app.js"));
        while (!pending.isEmpty()) {
            URI module = pending.poll();
            if (!seen.add(module)) {
                continue;
            }
            HttpResponse<String> response = send(HttpRequest.newBuilder(module).GET().build());
            assertThat(response.statusCode()).as(module.toString()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(module.toString())
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
            // uPlot and ECharts are single-file bundles that import nothing (their comments would fool the pattern).
            boolean bundle = module.getPath().contains("/vendor/uplot/") || module.getPath().contains("/vendor/echarts/");
            Matcher m = IMPORT.matcher(bundle ? "" : response.body());
            while (m.find()) {
                String specifier = m.group(1);
                assertThat(specifier).as("import in " + module).startsWith(".");
                pending.add(module.resolve(specifier));
            }
        }
        // The app, its pages and the lit-html modules they use.
        assertThat(seen).extracting(URI::getPath)
                .contains(base + "api.js", base + "pages/chat.js", base + "pages/observe.js",
                        base + "vendor/lit-html/lit-html.js", base + "vendor/lit-html/directives/ref.js",
                        base + "vendor/uplot/dist/uPlot.esm.js", base + "operator.js", base + "pages/workflows.js");
        // ECharts is imported dynamically by the pages that draw diagrams: served too, with its licences.
        for (String path : List.of("vendor/echarts/dist/echarts.esm.min.js", "vendor/echarts/LICENSE",
                "vendor/uplot/LICENSE", "vendor/uplot/dist/uPlot.min.css")) {
            assertThat(send(HttpRequest.newBuilder(uri(base + path)).GET().build()).statusCode()).as(path).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/0000000000000000/app.js", "/assets/latest/app.js"})
    void anotherVersionIsNotFoundRatherThanStaleContentUnderANewName(String path) throws Exception {
        assertProblem(get(path), 404, "not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope.js", "vendor/lit-html/node/lit-html.js", "vendor/lit-html/development/lit-html.js",
            "index.html", "", "../application.yml"})
    void onlyTheConsolesOwnFilesAreAssets(String file) throws Exception {
        assertProblem(get("/assets/" + version() + "/" + file), 404, "not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/chat", "/chat/7b0c3f9e-1f57-4d0e-8a44-3a0c1d0f6d11", "/observe/traces/4bf92f3577b34da6",
            "/settings", "/signin", "/no-such-page"})
    void aPageNavigationGetsTheIndex(String path) throws Exception {
        HttpResponse<String> response = navigate(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("/assets/" + version() + "/app.js");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
            "/api/messaging/conversations, MESSAGING, /api/conversations",
            "/api/identity, IDENTITY, /api/",
            "/v1/models, INTEGRATIONS, /v1/models",
            "/svc/catalog/docs, CATALOG, /docs",
            "/.well-known/jwks.json, IDENTITY, /.well-known/jwks.json"})
    void theFallbackNeverShadowsARoute(String path, SymbiaService service, String target) throws Exception {
        HttpResponse<String> response = navigate(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("/assets/");
        assertThat(response.headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(UPSTREAMS.get(service).takeRequest().target()).isEqualTo(target);
    }

    @Test
    void theGatewaysOwnHealthStaysJsonForABrowser() throws Exception {
        HttpResponse<String> response = navigate("/api/health");

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json(response.body()).has("services")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/nosuchservice/x", "/svc", "/.well-known/openid-configuration",
            "/actuator/env", "/assets", "/favicon.ico", "/chat/internal/x", "/health/anything"})
    void reservedOrFileLikePathsAreNeverThePage(String path) throws Exception {
        HttpResponse<String> response = navigate(path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("/assets/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "*/*", "text/event-stream"})
    void aPagePathWithoutHtmlInAcceptIsNotTheConsole(String accept) throws Exception {
        HttpResponse<String> response = send(request("/chat").header("Accept", accept).GET().build());

        assertProblem(response, 404, "not-found");
    }

    @Test
    void aPostToAPagePathIsNotTheConsole() throws Exception {
        HttpResponse<String> response = send(request("/chat").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("/assets/");
    }

    /**
     * CSRF: the console authenticates with identity's SameSite=Lax httpOnly cookie, and a state-changing request
     * from a foreign page carries that page's Origin, which the gateway's CORS filter refuses before any service.
     */
    @Test
    void aCrossSiteWriteCarryingTheSessionCookieNeverReachesAService() throws Exception {
        HttpResponse<String> response = send(request("/api/identity/api-keys")
                .header("Origin", "https://evil.example.org")
                .header("Cookie", "token=eyJhbGciOiJFUzI1NiJ9.e30.sig")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"stolen\"}")).build());

        assertProblem(response, 403, "forbidden");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }
}
