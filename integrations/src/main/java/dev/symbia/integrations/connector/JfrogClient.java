package dev.symbia.integrations.connector;

import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.web.body.RequestBodies;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * JFrog's REST APIs (reference/third-party-apis.md §1–3): Artifactory at {@code <JFROG_URL>/artifactory}, Xray at
 * {@code /xray}, Pipelines at {@code /pipelines/api}. Every call is {@code Authorization: Bearer <access token>}:
 * API keys ({@code X-JFrog-Art-Api}) are deprecated and never used.
 */
@Component
public class JfrogClient {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
    private static final MediaType BYTES = MediaType.get("application/octet-stream");
    /** Pipelines' run status codes (§3); codes above 4007 are not documented and stay numeric. */
    static final Map<Integer, String> RUN_STATUS = Map.of(4000, "queued", 4001, "processing", 4002, "success",
            4003, "failure", 4004, "error", 4005, "waiting", 4006, "cancelled", 4007, "unstable");

    private final VendorHttp http;
    private final ConnectorProperties properties;

    JfrogClient(VendorHttp http, ConnectorProperties properties) {
        this.http = http;
        this.properties = properties;
    }

    public boolean configured() {
        return base() != null;
    }

    // ------------------------------------------------------------------ Artifactory

    record Upload(String repo, String path, String content) {
    }

    /** {@code PUT /artifactory/{repo}/{path}} with SHA-1 and SHA-256 sent, and checked against what Artifactory stored. */
    Map<String, Object> upload(Credential credential, Upload params) {
        String repo = Paths.repoKey("repo", params.repo());
        String path = Paths.artifactPath("path", params.path());
        if (params.content() == null) {
            throw RequestBodies.invalidField("content", "is required (base64)");
        }
        byte[] content;
        try {
            content = java.util.Base64.getDecoder().decode(params.content());
        } catch (IllegalArgumentException e) {
            throw RequestBodies.invalidField("content", "must be base64");
        }
        String sha1 = digest("SHA-1", content);
        String sha256 = digest("SHA-256", content);
        HttpUrl url = Paths.append(artifactory().newBuilder().addPathSegment(repo), path).build();
        Request request = authorized(credential, url).put(RequestBody.create(content, BYTES))
                .header("X-Checksum-Sha1", sha1).header("X-Checksum-Sha256", sha256).build();
        VendorHttp.Answer answer = http.call(Connector.JFROG, credential, request);
        JsonNode created = http.parse(Connector.JFROG, answer.body());
        String storedSha1 = created.path("checksums").path("sha1").asString("");
        String storedSha256 = created.path("checksums").path("sha256").asString("");
        if (!storedSha1.equalsIgnoreCase(sha1) || (!storedSha256.isEmpty() && !storedSha256.equalsIgnoreCase(sha256))) {
            throw new ConnectorException(Connector.JFROG, ErrorCategory.PROVIDER,
                    "Artifactory stored checksums that differ from the uploaded content's.", answer.status(), null);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("repo", created.path("repo").asString(repo));
        result.put("path", created.path("path").asString("/" + path));
        result.put("size", created.path("size").asString(Integer.toString(content.length)));
        result.put("downloadUri", created.path("downloadUri").asString(null));
        result.put("checksums", Map.of("sha1", sha1, "sha256", sha256));
        result.put("vendorRequestId", answer.vendorRequestId());
        return result;
    }

    record Info(String repo, String path) {
    }

    /** {@code GET /artifactory/api/storage/{repo}/{path}}. */
    JsonNode info(Credential credential, Info params) {
        String repo = Paths.repoKey("repo", params.repo());
        String path = Paths.artifactPath("path", params.path());
        HttpUrl url = Paths.append(artifactory().newBuilder().addPathSegments("api/storage").addPathSegment(repo), path)
                .build();
        return http.parse(Connector.JFROG, http.call(Connector.JFROG, credential, authorized(credential, url).get().build())
                .body());
    }

    record Search(String query) {
    }

    /** {@code POST /artifactory/api/search/aql}, the AQL text as {@code text/plain}. */
    JsonNode search(Credential credential, Search params) {
        String query = params.query() == null ? "" : params.query().strip();
        if (query.isEmpty() || query.length() > 6000) {
            throw RequestBodies.invalidField("query", "must be an AQL query of at most 6000 characters");
        }
        if (!query.matches("(?s)(items|builds|entries|archive\\.entries|releases)\\.find\\(.*")) {
            throw RequestBodies.invalidField("query", "must start with a domain's find(), e.g. items.find({...})");
        }
        HttpUrl url = artifactory().newBuilder().addPathSegments("api/search/aql").build();
        Request request = authorized(credential, url).post(RequestBody.create(query, TEXT)).build();
        return http.parse(Connector.JFROG, http.call(Connector.JFROG, credential, request).body());
    }

    record Promote(String repo, String targetRepo, String dockerRepository, String targetDockerRepository, String tag,
            String targetTag, Boolean copy) {
    }

    /** {@code POST /artifactory/api/docker/{repo}/v2/promote}. */
    Map<String, Object> promote(Credential credential, Promote params) {
        String repo = Paths.repoKey("repo", params.repo());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("targetRepo", Paths.repoKey("targetRepo", params.targetRepo()));
        body.put("dockerRepository", Paths.artifactPath("dockerRepository", params.dockerRepository()));
        if (params.targetDockerRepository() != null) {
            body.put("targetDockerRepository", Paths.artifactPath("targetDockerRepository", params.targetDockerRepository()));
        }
        if (params.tag() != null) {
            body.put("tag", params.tag());
        }
        if (params.targetTag() != null) {
            body.put("targetTag", params.targetTag());
        }
        body.put("copy", Boolean.TRUE.equals(params.copy()));
        HttpUrl url = artifactory().newBuilder().addPathSegments("api/docker").addPathSegment(repo)
                .addPathSegments("v2/promote").build();
        VendorHttp.Answer answer = http.call(Connector.JFROG, credential, authorized(credential, url)
                .post(RequestBody.create(http.json().writeValueAsBytes(body), JSON)).build());
        return Map.of("promoted", true, "message", VendorHttp.safe(answer.body(), credential));
    }

    /** {@code GET /artifactory/api/system/ping}: true when Artifactory answers {@code OK}. */
    boolean ping(Credential credential) {
        HttpUrl url = artifactory().newBuilder().addPathSegments("api/system/ping").build();
        return "OK".equals(http.call(Connector.JFROG, credential, authorized(credential, url).get().build()).body().strip());
    }

    // ------------------------------------------------------------------ Xray

    public record Scan(String componentId) {
    }

    /** {@code POST /xray/api/v1/scanArtifact {"componentID"}}: Xray answers that the scan is in progress. */
    public Map<String, Object> scan(Credential credential, Scan params) {
        String component = params.componentId();
        if (component == null || component.isBlank() || component.length() > 512 || component.chars().anyMatch(c -> c < 0x20)) {
            throw RequestBodies.invalidField("componentId", "is required, e.g. docker://image:tag");
        }
        HttpUrl url = xray().newBuilder().addPathSegments("api/v1/scanArtifact").build();
        VendorHttp.Answer answer = http.call(Connector.JFROG, credential, authorized(credential, url)
                .post(RequestBody.create(http.json().writeValueAsBytes(Map.of("componentID", component)), JSON)).build());
        JsonNode body = http.parse(Connector.JFROG, answer.body());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("info", VendorHttp.safe(body.path("info").asString(""), credential));
        result.put("vendorRequestId", answer.vendorRequestId());
        return result;
    }

    public record Summary(List<String> paths) {
    }

    /** One Xray issue, normalised. */
    public record Issue(String id, String summary, Severity severity, String type, List<String> cves,
            List<String> components) {
    }

    /** What Xray knows of one artifact. */
    public record ArtifactSummary(String path, String componentId, String sha256, List<Issue> issues) {
    }

    public record XraySummary(List<ArtifactSummary> artifacts, List<Map<String, String>> errors) {

        public List<Issue> issuesAtOrAbove(Severity threshold) {
            return artifacts.stream().flatMap(a -> a.issues().stream())
                    .filter(i -> i.severity().compareTo(threshold) >= 0).toList();
        }
    }

    /**
     * {@code POST /xray/api/v2/summary/artifact {"paths":["default/<repo>/<path>"]}} (v2 adds the components per
     * issue); paths given without the {@code default/} prefix get it.
     */
    public XraySummary summary(Credential credential, Summary params) {
        if (params.paths() == null || params.paths().isEmpty() || params.paths().size() > 100) {
            throw RequestBodies.invalidField("paths", "must list 1 to 100 artifact paths");
        }
        List<String> paths = new ArrayList<>();
        for (String path : params.paths()) {
            String relative = Paths.artifactPath("paths", path);
            paths.add(relative.startsWith("default/") ? relative : "default/" + relative);
        }
        HttpUrl url = xray().newBuilder().addPathSegments("api/v2/summary/artifact").build();
        VendorHttp.Answer answer = http.call(Connector.JFROG, credential, authorized(credential, url)
                .post(RequestBody.create(http.json().writeValueAsBytes(Map.of("paths", paths)), JSON)).build());
        JsonNode body = http.parse(Connector.JFROG, answer.body());
        List<ArtifactSummary> artifacts = new ArrayList<>();
        for (JsonNode artifact : body.path("artifacts")) {
            JsonNode general = artifact.path("general");
            List<Issue> issues = new ArrayList<>();
            for (JsonNode issue : artifact.path("issues")) {
                List<String> cves = new ArrayList<>();
                for (JsonNode cve : issue.path("cves")) {
                    if (cve.path("cve").isString() && !cve.path("cve").asString().isBlank()) {
                        cves.add(cve.path("cve").asString());
                    }
                }
                List<String> components = new ArrayList<>();
                for (JsonNode component : issue.path("components")) {
                    components.add(component.path("component_id").asString(""));
                }
                issues.add(new Issue(issue.path("issue_id").asString(""), issue.path("summary").asString(""),
                        Severity.parse(issue.path("severity").asString("")).orElse(Severity.UNKNOWN),
                        issue.path("issue_type").asString(""), List.copyOf(cves), List.copyOf(components)));
            }
            artifacts.add(new ArtifactSummary(general.path("path").asString(""), general.path("component_id").asString(""),
                    general.path("sha256").asString(""), List.copyOf(issues)));
        }
        List<Map<String, String>> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            errors.add(Map.of("identifier", error.path("identifier").asString(""),
                    "error", VendorHttp.safe(error.path("error").asString(""), credential)));
        }
        return new XraySummary(List.copyOf(artifacts), List.copyOf(errors));
    }

    // ------------------------------------------------------------------ Pipelines (being sunset by JFrog)

    public record Trigger(String pipelineName, String branchName, String projectKey) {
    }

    /** {@code POST /pipelines/api/v1/pipelines/trigger}. */
    public Map<String, Object> trigger(Credential credential, Trigger params) {
        if (params.pipelineName() == null || !params.pipelineName().matches("[A-Za-z0-9._-]{1,128}")) {
            throw RequestBodies.invalidField("pipelineName", "must be a pipeline name ([A-Za-z0-9._-], at most 128)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipelineName", params.pipelineName());
        if (params.branchName() != null) {
            body.put("branchName", params.branchName());
        }
        if (params.projectKey() != null) {
            body.put("projectKey", params.projectKey());
        }
        HttpUrl url = pipelines().newBuilder().addPathSegments("v1/pipelines/trigger").build();
        VendorHttp.Answer answer = http.call(Connector.JFROG, credential, authorized(credential, url)
                .post(RequestBody.create(http.json().writeValueAsBytes(body), JSON)).build());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("triggered", true);
        result.put("pipelineName", params.pipelineName());
        result.put("vendorRequestId", answer.vendorRequestId());
        return result;
    }

    public record Runs(String pipelineIds, Integer limit) {
    }

    public record Run(long id, long pipelineId, long runNumber, int statusCode, String status, String startedAt,
            String endedAt) {
    }

    /** {@code GET /pipelines/api/v1/runs?pipelineIds=&limit=&sortBy=createdAt&sortOrder=-1}, newest first. */
    public List<Run> runs(Credential credential, Runs params) {
        if (params.pipelineIds() == null || !params.pipelineIds().matches("\\d{1,18}(,\\d{1,18}){0,19}")) {
            throw RequestBodies.invalidField("pipelineIds", "must be pipeline ids separated by commas");
        }
        int limit = params.limit() == null ? 10 : params.limit();
        if (limit < 1 || limit > 100) {
            throw RequestBodies.invalidField("limit", "must be between 1 and 100");
        }
        HttpUrl url = pipelines().newBuilder().addPathSegments("v1/runs")
                .addQueryParameter("pipelineIds", params.pipelineIds()).addQueryParameter("limit", Integer.toString(limit))
                .addQueryParameter("sortBy", "createdAt").addQueryParameter("sortOrder", "-1").build();
        JsonNode body = http.parse(Connector.JFROG,
                http.call(Connector.JFROG, credential, authorized(credential, url).get().build()).body());
        List<Run> runs = new ArrayList<>();
        for (JsonNode run : body) {
            int code = run.path("statusCode").asInt(0);
            runs.add(new Run(run.path("id").asLong(), run.path("pipelineId").asLong(), run.path("runNumber").asLong(),
                    code, RUN_STATUS.getOrDefault(code, Integer.toString(code)), run.path("startedAt").asString(null),
                    run.path("endedAt").asString(null)));
        }
        return List.copyOf(runs);
    }

    /** {@code GET /pipelines/api/v1/search/pipelines/?name=&pipelineSourceBranch=}: the pipeline's id, if it exists. */
    public java.util.Optional<Long> pipelineId(Credential credential, String name, String branch) {
        HttpUrl.Builder url = pipelines().newBuilder().addPathSegments("v1/search/pipelines/").addQueryParameter("name", name);
        if (branch != null) {
            url.addQueryParameter("pipelineSourceBranch", branch);
        }
        JsonNode body = http.parse(Connector.JFROG,
                http.call(Connector.JFROG, credential, authorized(credential, url.build()).get().build()).body());
        for (JsonNode pipeline : body) {
            if (pipeline.path("id").canConvertToLong()) {
                return java.util.Optional.of(pipeline.path("id").asLong());
            }
        }
        return java.util.Optional.empty();
    }

    // ------------------------------------------------------------------

    private HttpUrl base() {
        String url = properties.jfrog().url();
        if (url == null || url.isBlank()) {
            return null;
        }
        HttpUrl parsed = HttpUrl.parse(url.strip().replaceAll("/+$", ""));
        if (parsed == null) {
            throw new IllegalStateException("JFROG_URL is not a URL");
        }
        return parsed;
    }

    private HttpUrl required() {
        HttpUrl base = base();
        if (base == null) {
            throw ConnectorException.notConfigured(Connector.JFROG, "JFROG_URL is not set.");
        }
        return base;
    }

    private HttpUrl artifactory() {
        return required().newBuilder().addPathSegment("artifactory").build();
    }

    private HttpUrl xray() {
        return required().newBuilder().addPathSegment("xray").build();
    }

    private HttpUrl pipelines() {
        return required().newBuilder().addPathSegments("pipelines/api").build();
    }

    private static Request.Builder authorized(Credential credential, HttpUrl url) {
        return new Request.Builder().url(url).header("Authorization", "Bearer " + credential.apiKey())
                .header("Accept", "application/json");
    }

    private static String digest(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
