package dev.symbia.integrations.testing;

import dev.symbia.integrations.execute.ModelCatalog;
import dev.symbia.integrations.provider.CircuitBreakers;
import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
import dev.symbia.test.provider.FakeProvider;
import dev.symbia.test.vendor.VendorFake;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertyRegistrar;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running integrations service (real HTTP, real PostgreSQL) in front of three fake providers:
 * SambaNova (the default), the HuggingFace router and the local models service, with libs/test's
 * {@link TestIdentity} as identity (tokens, API keys, service token, vault). Every test class
 * extending this shares the context ({@link IntegrationsTestContext}); each test gets its own user and org so usage never collides.
 * Requests are authenticated like real ones: a member's access token on public endpoints, the
 * {@code assistants} service token plus the acting user and org on {@code /api/internal/**}.
 */
@IntegrationsTestContext
public abstract class GatewayTestSupport {

    public static final String SAMBA_MODEL = "Meta-Llama-3.3-70B-Instruct";
    public static final String HF_MODEL = "meta-llama/Llama-3.2-3B-Instruct";
    public static final String SAMBA_KEY = "sn-test-key-000111222";
    public static final String HF_KEY = "hf_testkey000111222333";

    protected static final FakeProvider SAMBANOVA = new FakeProvider();
    protected static final FakeProvider HUGGINGFACE = new FakeProvider();
    protected static final FakeProvider LOCAL = new FakeProvider().models("llama-3-2-1b-instruct-q4-k-m");
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final TestIdentity IDENTITY = TestIdentity.shared();
    /** The service every internal call in these tests comes from (one of integrations' allowed callers). */
    protected static final String CALLING_SERVICE = "assistants";
    public static final String JFROG_ENV_TOKEN = "jfrog-env-token-0123456789";
    public static final String RAILWAY_ENV_TOKEN = "railway-env-token-0123456789";
    public static final String SUPABASE_ENV_KEY = "sb-env-service-role-0123456789";
    protected static final VendorFake JFROG = new VendorFake();
    protected static final VendorFake RAILWAY = new VendorFake();
    protected static final VendorFake SUPABASE = new VendorFake();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Points the service at the fakes (started with this class, before any context). */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fakes {
        @Bean
        static DynamicPropertyRegistrar fakeProviders() {
            return GatewayTestSupport::providers;
        }
    }

    static void providers(DynamicPropertyRegistry registry) {
        registry.add("symbia.integrations.default-provider", () -> "sambanova");
        registry.add("symbia.integrations.providers.sambanova.base-url", SAMBANOVA::baseUrl);
        registry.add("symbia.integrations.providers.sambanova.api-key", () -> SAMBA_KEY);
        registry.add("symbia.integrations.providers.huggingface.base-url", HUGGINGFACE::baseUrl);
        registry.add("symbia.integrations.providers.huggingface.api-key", () -> HF_KEY);
        registry.add("symbia.integrations.providers.openai.enabled", () -> "false");
        registry.add("symbia.integrations.providers.local.base-url", LOCAL::baseUrl);
        registry.add("symbia.integrations.connectors.jfrog.url", () -> JFROG.url("/"));
        registry.add("symbia.integrations.connectors.jfrog.access-token", () -> JFROG_ENV_TOKEN);
        registry.add("symbia.integrations.connectors.railway.api-url", () -> RAILWAY.url("/graphql/v2"));
        registry.add("symbia.integrations.connectors.railway.api-token", () -> RAILWAY_ENV_TOKEN);
        registry.add("symbia.integrations.connectors.supabase.url", () -> SUPABASE.url("/"));
        registry.add("symbia.integrations.connectors.supabase.service-role-key", () -> SUPABASE_ENV_KEY);
        registry.add("symbia.integrations.connectors.timeout", () -> "5s");
        registry.add("symbia.integrations.deployments.poll-interval", () -> "50ms");
        // One replica here: leases are renewed and expired ones claimed only when a test asks (DeploymentClaims.tick).
        registry.add("symbia.integrations.deployments.lease", () -> "30m");
        registry.add("symbia.integrations.deployments.claim-interval", () -> "10m");
        registry.add("symbia.integrations.realtime.backoff", () -> "20ms");
        registry.add("symbia.integrations.realtime.max-backoff", () -> "200ms");
        registry.add("symbia.integrations.timeouts.connect", () -> "2s");
        registry.add("symbia.integrations.timeouts.first-chunk", () -> "2s");
        registry.add("symbia.integrations.timeouts.idle", () -> "2s");
        registry.add("symbia.integrations.timeouts.total", () -> "30s");
        registry.add("symbia.integrations.execution.heartbeat", () -> "300ms");
        // Breaker behaviour has its own tests; here it must not carry state from test to test.
        registry.add("symbia.integrations.circuit-breaker.minimum-calls", () -> "1000");
        registry.add("symbia.integrations.circuit-breaker.window-size", () -> "1000");
        registry.add("symbia.integrations.usage.prices[sambanova/" + SAMBA_MODEL + "].input-per-million", () -> "0.60");
        registry.add("symbia.integrations.usage.prices[sambanova/" + SAMBA_MODEL + "].output-per-million", () -> "1.20");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    private CircuitBreakers breakers;

    @Autowired
    private ModelCatalog models;

    protected String orgId;
    protected String userId;
    /** This test's user: a member of {@link #orgId} (not an admin). */
    protected TestPrincipal user;

    @BeforeEach
    void resetWorld() {
        SAMBANOVA.reset();
        HUGGINGFACE.reset();
        LOCAL.reset();
        JFROG.reset();
        RAILWAY.reset();
        SUPABASE.reset();
        breakers.resetAll();
        models.forget();
        orgId = UUID.randomUUID().toString();
        userId = UUID.randomUUID().toString();
        user = IDENTITY.user(userId).member(orgId, "member");
    }

    /** How this test's caller authenticates on {@code path}: its own token, or a service acting for it. */
    protected Map<String, String> callerHeaders(String path) {
        if (path.startsWith("/api/internal/")) {
            return actingFor(IDENTITY.service(CALLING_SERVICE).token());
        }
        return Map.of("Authorization", user.bearer());
    }

    /** Headers of an internal call by the service holding {@code serviceToken}, acting for this test's user. */
    protected Map<String, String> actingFor(String serviceToken) {
        return Map.of("Authorization", "Bearer " + serviceToken, "X-Symbia-User-Id", userId, "X-Org-Id", orgId);
    }

    protected HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, callerHeaders(path));
    }

    protected HttpResponse<String> post(String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, callerHeaders(path));
    }

    protected HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** The {@code data:} payloads of an SSE body, in order (comments such as pings skipped). */
    protected static List<String> dataFrames(String body) {
        List<String> frames = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            for (String line : block.split("\n")) {
                if (line.startsWith("data: ")) {
                    frames.add(line.substring("data: ".length()));
                }
            }
        }
        return frames;
    }

    /** This test's usage rows, oldest first (waits briefly: streams account after the last frame). */
    protected List<Map<String, Object>> usageRows(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Map<String, Object>> rows;
        do {
            rows = jdbc.sql("SELECT * FROM usage_records WHERE org_id = :org ORDER BY started_at")
                    .param("org", orgId).query().listOfRows();
            if (rows.size() >= expected) {
                return rows;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return rows;
    }

    protected static String chat(String extraTopLevel, String extraParams) {
        return "{\"operation\":\"chat.completions\"" + extraTopLevel + ",\"params\":{\"messages\":[{\"role\":\"system\","
                + "\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"Say hello\"}]" + extraParams + "}}";
    }
}
