package dev.symbia.integrations.deploy;

import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.vendor.VendorFake;
import dev.symbia.test.auth.TestPrincipal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

/** Vendor fakes scripted by request (JFrog by path, Railway by GraphQL operation) and a deployer principal. */
abstract class DeploymentTestSupport extends GatewayTestSupport {

    protected static final String CLEAN_PATH = "libs-release-local/app/app-1.0.jar";
    protected TestPrincipal deployer;
    protected final AtomicInteger railwayDeploys = new AtomicInteger();
    protected final AtomicInteger railwayStatusQueries = new AtomicInteger();
    protected final AtomicInteger railwayCancels = new AtomicInteger();
    protected volatile String summaryJson;
    protected volatile String[] railwayStatuses = {"BUILDING", "DEPLOYING", "SUCCESS"};
    protected volatile String deployAnswer = "{\"data\":{\"serviceInstanceDeployV2\":\"dep-42\"}}";

    @BeforeEach
    void vendors() {
        deployer = IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "member")
                .caps("cap:integrations.read", "cap:integrations.deploy");
        summaryJson = xraySummary(CLEAN_PATH, "Low", "CVE-2020-0001");
        JFROG.respond(this::jfrog);
        RAILWAY.respond(this::railway);
        SUPABASE.respond(request -> new MockResponse.Builder().code(202).build());
    }

    private MockResponse jfrog(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        return switch (path) {
            case "/xray/api/v2/summary/artifact" -> VendorFake.response(200, summaryJson);
            case "/xray/api/v1/scanArtifact" -> VendorFake.response(200, "{\"info\":\"Scan of artifact is in progress\"}");
            case "/pipelines/api/v1/pipelines/trigger" -> VendorFake.response(200, "{}");
            case "/pipelines/api/v1/search/pipelines/" -> VendorFake.response(200, "[{\"id\":375,\"name\":\"build_web\"}]");
            case "/pipelines/api/v1/runs" -> VendorFake.response(200,
                    "[{\"id\":9,\"pipelineId\":375,\"runNumber\":12,\"statusCode\":4002}]");
            default -> null;
        };
    }

    private MockResponse railway(RecordedRequest request) {
        String query = JSON.readTree(request.getBody().utf8()).path("query").asString();
        if (query.contains("serviceInstanceDeployV2")) {
            railwayDeploys.incrementAndGet();
            return VendorFake.response(200, deployAnswer);
        }
        if (query.contains("deployment(id:")) {
            int n = railwayStatusQueries.getAndIncrement();
            String status = railwayStatuses[Math.min(n, railwayStatuses.length - 1)];
            return VendorFake.response(200, "{\"data\":{\"deployment\":{\"id\":\"dep-42\",\"status\":\"" + status
                    + "\",\"url\":null,\"staticUrl\":\"web.up.railway.app\",\"createdAt\":\"2026-12-07T04:00:00Z\"}}}");
        }
        if (query.contains("deploymentCancel")) {
            railwayCancels.incrementAndGet();
            return VendorFake.response(200, "{\"data\":{\"deploymentCancel\":true}}");
        }
        return null;
    }

    protected static String xraySummary(String path, String severity, String cve) {
        return "{\"artifacts\":[{\"general\":{\"component_id\":\"app:1.0\",\"name\":\"app\",\"path\":\"default/" + path
                + "\",\"pkg_type\":\"Generic\",\"sha256\":\"abc\"},\"issues\":[{\"issue_id\":\"XRAY-1\",\"summary\":\"x\","
                + "\"issue_type\":\"security\",\"severity\":\"" + severity + "\",\"provider\":\"JFrog\",\"cves\":[{\"cve\":\""
                + cve + "\",\"cvss_v3\":\"10.0\"}],\"components\":[{\"component_id\":\"gav://log4j:2.14.1\"}]}],"
                + "\"licenses\":[],\"operational_risks\":[]}],\"errors\":[]}";
    }

    protected static String request(String source) {
        return "{" + source + ",\"gate\":{\"maxSeverity\":\"High\"},\"railway\":{\"projectId\":\"p-1\","
                + "\"serviceId\":\"svc-1\",\"environmentId\":\"env-1\"}}";
    }

    protected static String artifact(String path) {
        String repo = path.substring(0, path.indexOf('/'));
        return "\"artifact\":{\"repo\":\"" + repo + "\",\"path\":\"" + path.substring(repo.length() + 1) + "\"}";
    }

    protected Map<String, String> as(TestPrincipal principal) {
        return Map.of("Authorization", principal.bearer());
    }

    protected JsonNode startDeployment(String body) throws Exception {
        HttpResponse<String> response = post("/api/deployments", body, as(deployer));
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** Follows the deployment's SSE stream until it ends; returns the last state it announced. */
    protected JsonNode followToEnd(String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/deployments/" + id + "/events"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", deployer.bearer()).GET().build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new AssertionError("events answered " + response.statusCode());
        }
        JsonNode last = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("data:")) {
                    last = json(line.substring(5));
                    if (!"running".equals(last.path("status").asString())) {
                        break;
                    }
                }
            }
        }
        return last;
    }

    protected static JsonNode step(JsonNode deployment, String name) {
        for (JsonNode step : deployment.path("steps")) {
            if (step.path("name").asString().equals(name)) {
                return step;
            }
        }
        throw new AssertionError("no step " + name + " in " + deployment);
    }
}
