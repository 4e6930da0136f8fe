package dev.symbia.e2e.support;

import dev.symbia.test.vendor.VendorFake;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * JFrog (Artifactory, Xray, Pipelines) and Railway on their wire formats, for {@link VendorFake#respond}: what a
 * secure deploy calls. A request without the vault's token is refused as the vendor refuses it; an image or path
 * containing {@code shop/web/6.6} has a critical CVE; Railway's deployment goes BUILDING, DEPLOYING, SUCCESS.
 */
public final class SecureDeployVendors implements Function<RecordedRequest, MockResponse> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String RAILWAY_DEPLOYMENT = "dep-e2e-1";

    private final String jfrogToken;
    private final String railwayToken;
    private final AtomicInteger railwayDeploys = new AtomicInteger();
    private final AtomicInteger statusPolls = new AtomicInteger();
    private final AtomicInteger runPolls = new AtomicInteger();
    private volatile byte[] stored = new byte[0];

    public SecureDeployVendors(String jfrogToken, String railwayToken) {
        this.jfrogToken = jfrogToken;
        this.railwayToken = railwayToken;
    }

    /** How many deploys Railway was asked for. */
    public int railwayDeploys() {
        return railwayDeploys.get();
    }

    @Override
    public MockResponse apply(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String authorization = request.getHeaders().get("Authorization");
        if (path.equals("/graphql/v2")) {
            if (!("Bearer " + railwayToken).equals(authorization)) {
                return VendorFake.response(200, "{\"data\":null,\"errors\":[{\"message\":\"Not Authorized\"}]}");
            }
            return railway(body(request));
        }
        if (!("Bearer " + jfrogToken).equals(authorization)) {
            return VendorFake.response(401, "{\"errors\":[{\"status\":401,\"message\":\"Bad credentials\"}]}");
        }
        if ("PUT".equals(request.getMethod()) && path.startsWith("/artifactory/libs-release-local/")) {
            stored = request.getBody().toByteArray();
            return VendorFake.response(201, "{\"repo\":\"libs-release-local\",\"path\":\"/app/app-1.0.jar\","
                    + "\"created\":\"2026-12-07T05:00:00.000Z\",\"createdBy\":\"e2e\",\"downloadUri\":\"" + request.getUrl()
                    + "\",\"mimeType\":\"application/java-archive\",\"size\":\"" + stored.length + "\",\"checksums\":{"
                    + "\"sha1\":\"" + hex("SHA-1", stored) + "\",\"md5\":\"" + hex("MD5", stored) + "\",\"sha256\":\""
                    + hex("SHA-256", stored) + "\"},\"uri\":\"" + request.getUrl() + "\"}");
        }
        return switch (path) {
            case "/xray/api/v1/scanArtifact" -> VendorFake.response(200, "{\"info\":\"Scan of artifact is in progress\"}");
            case "/xray/api/v2/summary/artifact" -> {
                String wanted = JSON.readTree(body(request)).path("paths").get(0).asString();
                boolean vulnerable = wanted.contains("shop/web/6.6");
                yield VendorFake.response(200, summary(wanted, vulnerable ? "Critical" : "Low",
                        vulnerable ? "CVE-2021-44228" : "CVE-2020-0001"));
            }
            case "/pipelines/api/v1/pipelines/trigger" -> VendorFake.response(200, "{}");
            case "/pipelines/api/v1/search/pipelines/" -> VendorFake.response(200, "[{\"id\":375,\"name\":\"build_web\"}]");
            case "/pipelines/api/v1/runs" -> VendorFake.response(200, "[{\"id\":9,\"pipelineId\":375,\"runNumber\":12,"
                    + "\"statusCode\":" + (runPolls.getAndIncrement() == 0 ? 4001 : 4002) + "}]");
            default -> null;
        };
    }

    private MockResponse railway(String body) {
        String query = JSON.readTree(body).path("query").asString();
        if (query.contains("serviceInstanceDeployV2")) {
            railwayDeploys.incrementAndGet();
            return VendorFake.response(200, "{\"data\":{\"serviceInstanceDeployV2\":\"" + RAILWAY_DEPLOYMENT + "\"}}");
        }
        if (query.contains("deployment(id:")) {
            String[] statuses = {"BUILDING", "DEPLOYING", "SUCCESS"};
            String status = statuses[Math.min(statusPolls.getAndIncrement(), statuses.length - 1)];
            return VendorFake.response(200, "{\"data\":{\"deployment\":{\"id\":\"" + RAILWAY_DEPLOYMENT + "\",\"status\":\""
                    + status + "\",\"url\":null,\"staticUrl\":\"web.up.railway.app\",\"createdAt\":\"2026-12-07T05:00:00Z\"}}}");
        }
        if (query.contains("deploymentLogs(")) {
            return VendorFake.response(200, "{\"data\":{\"deploymentLogs\":[{\"timestamp\":\"2026-12-07T05:00:01Z\","
                    + "\"message\":\"Starting web\",\"severity\":\"info\"},{\"timestamp\":\"2026-12-07T05:00:02Z\","
                    + "\"message\":\"Listening on :8080\",\"severity\":\"info\"}]}}");
        }
        return null;
    }

    /** Xray's v2 artifact summary: one artifact with one security issue. */
    private static String summary(String path, String severity, String cve) {
        Map<String, Object> issue = Map.of("issue_id", "XRAY-" + cve, "summary", cve + " in a dependency",
                "issue_type", "security", "severity", severity, "provider", "JFrog",
                "cves", List.of(Map.of("cve", cve, "cvss_v3", "9.8")),
                "components", List.of(Map.of("component_id", "gav://org.apache.logging.log4j:log4j-core:2.14.1")));
        Map<String, Object> artifact = Map.of("general", Map.of("component_id", "app:1.0", "name", "app", "path", path,
                "pkg_type", "Generic", "sha256", "0f3e"), "issues", List.of(issue), "licenses", List.of(),
                "operational_risks", List.of());
        return JSON.writeValueAsString(Map.of("artifacts", List.of(artifact), "errors", List.of()));
    }

    public static String body(RecordedRequest request) {
        return request.getBody() == null ? "" : request.getBody().utf8();
    }

    public static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
