package dev.symbia.integrations.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.auth.TestPrincipal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Every connector operation against its vendor fake on the real wire format (reference/third-party-apis.md):
 * method, path, headers and body asserted, the answer parsed; vendor failures as the platform's problems.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectorEndpointTests extends GatewayTestSupport {

    private static final byte[] JAR = "PK\u0003\u0004 fake jar".getBytes(StandardCharsets.UTF_8);

    private TestPrincipal deployer;

    @BeforeEach
    void deployer() {
        deployer = IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "member")
                .caps("cap:integrations.read", "cap:integrations.deploy");
    }

    private HttpResponse<String> run(TestPrincipal who, String connector, String operation, String body) throws Exception {
        return post("/api/connectors/" + connector + "/" + operation, body, Map.of("Authorization", who.bearer()));
    }

    // ------------------------------------------------------------------ JFrog

    @Test
    void uploadPutsTheBytesWithChecksumsAndVerifiesWhatArtifactoryStored(CapturedOutput output) throws Exception {
        String sha1 = hex("SHA-1", JAR);
        String sha256 = hex("SHA-256", JAR);
        JFROG.json(201, "{\"repo\":\"libs-release-local\",\"path\":\"/app/app-1.0.jar\",\"created\":\"2026-12-07T04:00:00Z\","
                + "\"createdBy\":\"ci\",\"downloadUri\":\"http://x/artifactory/libs-release-local/app/app-1.0.jar\","
                + "\"mimeType\":\"application/java-archive\",\"size\":\"" + JAR.length + "\",\"checksums\":{\"md5\":\"x\","
                + "\"sha1\":\"" + sha1 + "\",\"sha256\":\"" + sha256 + "\"},\"originalChecksums\":{},\"uri\":\"http://x\"}");

        HttpResponse<String> response = run(deployer, "jfrog", "artifactory.upload", "{\"repo\":\"libs-release-local\","
                + "\"path\":\"app/app-1.0.jar\",\"content\":\"" + Base64.getEncoder().encodeToString(JAR) + "\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        RecordedRequest put = JFROG.take();
        assertThat(put.getMethod()).isEqualTo("PUT");
        assertThat(put.getUrl().encodedPath()).isEqualTo("/artifactory/libs-release-local/app/app-1.0.jar");
        assertThat(put.getHeaders().get("Authorization")).isEqualTo("Bearer " + JFROG_ENV_TOKEN);
        assertThat(put.getHeaders().get("X-JFrog-Art-Api")).as("deprecated API keys are never used").isNull();
        assertThat(put.getHeaders().get("X-Checksum-Sha1")).isEqualTo(sha1);
        assertThat(put.getHeaders().get("X-Checksum-Sha256")).isEqualTo(sha256);
        assertThat(put.getBody().toByteArray()).isEqualTo(JAR);
        JsonNode result = json(response.body()).path("result");
        assertThat(result.path("checksums").path("sha256").asString()).isEqualTo(sha256);
        assertThat(result.path("downloadUri").asString()).endsWith("app-1.0.jar");
        assertThat(output.getAll()).contains("connector.call").contains("\"operation\":\"artifactory.upload\"")
                .contains("\"outcome\":\"success\"").doesNotContain(JFROG_ENV_TOKEN);
    }

    @Test
    void anUploadWhoseStoredChecksumDiffersIsAFailure() throws Exception {
        JFROG.json(201, "{\"repo\":\"r\",\"path\":\"/a.jar\",\"size\":\"1\",\"checksums\":{\"sha1\":\"0000\",\"sha256\":\"1111\"}}");

        HttpResponse<String> response = run(deployer, "jfrog", "artifactory.upload",
                "{\"repo\":\"r\",\"path\":\"a.jar\",\"content\":\"" + Base64.getEncoder().encodeToString(JAR) + "\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(json(response.body()).path("detail").asString()).contains("checksums");
    }

    @Test
    void infoSearchAndPromoteUseArtifactorysPathsAndBodies() throws Exception {
        JFROG.json(200, "{\"repo\":\"libs\",\"path\":\"/a/b.jar\",\"size\":\"3\",\"checksums\":{\"sha256\":\"abc\"}}");
        assertThat(run(deployer, "jfrog", "artifactory.info", "{\"repo\":\"libs\",\"path\":\"a/b.jar\"}").statusCode())
                .isEqualTo(200);
        RecordedRequest info = JFROG.take();
        assertThat(info.getMethod()).isEqualTo("GET");
        assertThat(info.getUrl().encodedPath()).isEqualTo("/artifactory/api/storage/libs/a/b.jar");

        String aql = "items.find({\"repo\":{\"$eq\":\"libs\"}}).include(\"name\",\"repo\",\"path\")";
        JFROG.json(200, "{\"results\":[{\"repo\":\"libs\",\"path\":\"a\",\"name\":\"b.jar\",\"type\":\"file\"}],"
                + "\"range\":{\"start_pos\":0,\"end_pos\":1,\"total\":1}}");
        HttpResponse<String> search = run(deployer, "jfrog", "artifactory.search",
                JSON.writeValueAsString(Map.of("query", aql)));
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        assertThat(json(search.body()).path("result").path("results").get(0).path("name").asString()).isEqualTo("b.jar");
        RecordedRequest aqlRequest = JFROG.take();
        assertThat(aqlRequest.getUrl().encodedPath()).isEqualTo("/artifactory/api/search/aql");
        assertThat(aqlRequest.getHeaders().get("Content-Type")).startsWith("text/plain");
        assertThat(aqlRequest.getBody().utf8()).isEqualTo(aql);

        JFROG.enqueue(new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "application/text")
                .body("Promotion ended successfully").build());
        HttpResponse<String> promote = run(deployer, "jfrog", "artifactory.docker.promote", "{\"repo\":\"docker-dev\","
                + "\"targetRepo\":\"docker-prod\",\"dockerRepository\":\"shop/web\",\"tag\":\"1.2\"}");
        assertThat(promote.statusCode()).as(promote.body()).isEqualTo(200);
        RecordedRequest promoteRequest = JFROG.take();
        assertThat(promoteRequest.getUrl().encodedPath()).isEqualTo("/artifactory/api/docker/docker-dev/v2/promote");
        JsonNode body = json(promoteRequest.getBody().utf8());
        assertThat(body.path("targetRepo").asString()).isEqualTo("docker-prod");
        assertThat(body.path("dockerRepository").asString()).isEqualTo("shop/web");
        assertThat(body.path("copy").asBoolean(true)).isFalse();
    }

    @Test
    void xrayScanAndSummaryAreNormalised() throws Exception {
        JFROG.json(200, "{\"info\":\"Scan of artifact is in progress\"}");
        HttpResponse<String> scan = run(deployer, "jfrog", "xray.scan", "{\"componentId\":\"docker://shop/web:1.2\"}");
        assertThat(scan.statusCode()).as(scan.body()).isEqualTo(200);
        RecordedRequest scanRequest = JFROG.take();
        assertThat(scanRequest.getMethod()).isEqualTo("POST");
        assertThat(scanRequest.getUrl().encodedPath()).isEqualTo("/xray/api/v1/scanArtifact");
        assertThat(json(scanRequest.getBody().utf8()).path("componentID").asString()).isEqualTo("docker://shop/web:1.2");
        assertThat(json(scan.body()).path("result").path("info").asString()).contains("in progress");

        JFROG.json(200, XrayWire.summary("libs-release-local/app/app-1.0.jar", "Critical", "CVE-2021-44228"));
        HttpResponse<String> summary = run(deployer, "jfrog", "xray.summary",
                "{\"paths\":[\"libs-release-local/app/app-1.0.jar\"]}");
        assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
        RecordedRequest summaryRequest = JFROG.take();
        assertThat(summaryRequest.getUrl().encodedPath()).isEqualTo("/xray/api/v2/summary/artifact");
        assertThat(json(summaryRequest.getBody().utf8()).path("paths").get(0).asString())
                .isEqualTo("default/libs-release-local/app/app-1.0.jar");
        JsonNode issue = json(summary.body()).path("result").path("artifacts").get(0).path("issues").get(0);
        assertThat(issue.path("severity").asString()).isEqualTo("CRITICAL");
        assertThat(issue.path("cves").get(0).asString()).isEqualTo("CVE-2021-44228");
        assertThat(issue.path("components").get(0).asString()).isEqualTo("gav://org.apache.logging.log4j:log4j-core:2.14.1");
    }

    @Test
    void pipelinesTriggerAndRunsWithStatusNames() throws Exception {
        JFROG.json(200, "{}");
        HttpResponse<String> trigger = run(deployer, "jfrog", "pipelines.trigger",
                "{\"pipelineName\":\"build_web\",\"branchName\":\"main\"}");
        assertThat(trigger.statusCode()).as(trigger.body()).isEqualTo(200);
        RecordedRequest triggerRequest = JFROG.take();
        assertThat(triggerRequest.getUrl().encodedPath()).isEqualTo("/pipelines/api/v1/pipelines/trigger");
        assertThat(json(triggerRequest.getBody().utf8()).path("pipelineName").asString()).isEqualTo("build_web");
        assertThat(json(triggerRequest.getBody().utf8()).path("branchName").asString()).isEqualTo("main");

        JFROG.json(200, "[{\"id\":9,\"pipelineId\":375,\"runNumber\":12,\"statusCode\":4002,\"startedAt\":\"a\","
                + "\"endedAt\":\"b\"},{\"id\":8,\"pipelineId\":375,\"runNumber\":11,\"statusCode\":4003}]");
        HttpResponse<String> runs = run(deployer, "jfrog", "pipelines.runs", "{\"pipelineIds\":\"375\",\"limit\":2}");
        assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
        RecordedRequest runsRequest = JFROG.take();
        assertThat(runsRequest.getUrl().encodedPath()).isEqualTo("/pipelines/api/v1/runs");
        assertThat(runsRequest.getUrl().queryParameter("pipelineIds")).isEqualTo("375");
        assertThat(runsRequest.getUrl().queryParameter("limit")).isEqualTo("2");
        JsonNode list = json(runs.body()).path("result").path("runs");
        assertThat(list.get(0).path("status").asString()).isEqualTo("success");
        assertThat(list.get(1).path("status").asString()).isEqualTo("failure");
    }

    @Test
    void aRefusedJfrogTokenIsA401NamingTheCredentialNeverShowingIt() throws Exception {
        JFROG.json(401, "{\"errors\":[{\"status\":401,\"message\":\"Bad credentials for " + JFROG_ENV_TOKEN + "\"}]}");

        HttpResponse<String> response = run(deployer, "jfrog", "artifactory.info", "{\"repo\":\"libs\",\"path\":\"a.jar\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        JsonNode problem = json(response.body());
        assertThat(problem.path("category").asString()).isEqualTo("auth");
        assertThat(problem.path("connector").asString()).isEqualTo("jfrog");
        assertThat(problem.path("detail").asString()).contains("jfrog credential").contains("env key");
        assertThat(response.body()).doesNotContain(JFROG_ENV_TOKEN);
    }

    @Test
    void theCallersOwnVaultKeyWinsOverTheOrgsAndThePlatformDefault() throws Exception {
        IDENTITY.orgCredential(orgId, "jfrog", "jfrog-org-token");
        IDENTITY.credential(deployer.id(), orgId, "jfrog", "jfrog-user-token");
        JFROG.json(200, "{\"repo\":\"libs\",\"path\":\"/a.jar\"}");
        assertThat(run(deployer, "jfrog", "artifactory.info", "{\"repo\":\"libs\",\"path\":\"a.jar\"}").statusCode())
                .isEqualTo(200);
        assertThat(JFROG.take().getHeaders().get("Authorization")).isEqualTo("Bearer jfrog-user-token");

        TestPrincipal colleague = IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "member");
        JFROG.json(200, "{\"repo\":\"libs\",\"path\":\"/a.jar\"}");
        assertThat(run(colleague, "jfrog", "artifactory.info", "{\"repo\":\"libs\",\"path\":\"a.jar\"}").statusCode())
                .isEqualTo(200);
        assertThat(JFROG.take().getHeaders().get("Authorization")).isEqualTo("Bearer jfrog-org-token");
    }

    @Test
    void aConnectionCutMidAnswerIsUnavailableNotAStackTrace() throws Exception {
        JFROG.enqueue(new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"repo\":\"libs\",\"path\":\"/a.jar\",\"checksums\":{\"sha256\":\"" + "0".repeat(4000) + "\"}}")
                .onResponseStart(new mockwebserver3.SocketEffect.CloseSocket(true, false, false)).build());

        HttpResponse<String> response = run(deployer, "jfrog", "artifactory.info", "{\"repo\":\"libs\",\"path\":\"a.jar\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(json(response.body()).path("category").asString()).isEqualTo("unavailable");
        assertThat(response.body()).doesNotContain("Exception:").doesNotContain("at okhttp3");
        JFROG.take();
        assertThat(JFROG.drain()).as("a vendor call is never resent behind the caller's back").isZero();
    }

    // ------------------------------------------------------------------ Railway

    @Test
    void deployIsServiceInstanceDeployV2WithTheRailwayToken() throws Exception {
        RAILWAY.json(200, "{\"data\":{\"serviceInstanceDeployV2\":\"dep-123\"}}");

        HttpResponse<String> response = run(deployer, "railway", "deploy",
                "{\"serviceId\":\"svc-1\",\"environmentId\":\"env-1\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).path("result").path("deploymentId").asString()).isEqualTo("dep-123");
        RecordedRequest request = RAILWAY.take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/graphql/v2");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + RAILWAY_ENV_TOKEN);
        JsonNode body = json(request.getBody().utf8());
        assertThat(body.path("query").asString()).contains("serviceInstanceDeployV2(serviceId: $serviceId");
        assertThat(body.path("variables").path("serviceId").asString()).isEqualTo("svc-1");
        assertThat(body.path("variables").path("environmentId").asString()).isEqualTo("env-1");
    }

    @Test
    void aGraphqlErrorInsideAnHttp200IsAFailure() throws Exception {
        RAILWAY.json(200, "{\"data\":null,\"errors\":[{\"message\":\"Not Authorized\"}]}");

        HttpResponse<String> response = run(deployer, "railway", "deploy",
                "{\"serviceId\":\"svc-1\",\"environmentId\":\"env-1\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(json(response.body()).path("detail").asString()).contains("railway credential").contains("Not Authorized");

        RAILWAY.json(200, "{\"data\":null,\"errors\":[{\"message\":\"Service not found\"}]}");
        HttpResponse<String> other = run(deployer, "railway", "status", "{\"deploymentId\":\"dep-9\"}");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(400);
        assertThat(json(other.body()).path("detail").asString()).contains("Service not found");
    }

    @Test
    void railways429CarriesRetryAfter() throws Exception {
        RAILWAY.json(429, "{\"message\":\"Too many requests\"}", "Retry-After", "17");

        HttpResponse<String> response = run(deployer, "railway", "status", "{\"deploymentId\":\"dep-1\"}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("17");
        assertThat(json(response.body()).path("retryAfterSeconds").asInt()).isEqualTo(17);
    }

    @Test
    void statusLogsRedeployVariablesAndProjects() throws Exception {
        RAILWAY.json(200, "{\"data\":{\"deployments\":{\"edges\":[{\"node\":{\"id\":\"dep-7\",\"status\":\"BUILDING\","
                + "\"url\":null,\"staticUrl\":\"web.up.railway.app\",\"createdAt\":\"2026-12-07T04:00:00Z\"}}]}}}");
        HttpResponse<String> status = run(deployer, "railway", "status",
                "{\"serviceId\":\"svc-1\",\"environmentId\":\"env-1\"}");
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        assertThat(json(status.body()).path("result").path("status").asString()).isEqualTo("BUILDING");
        assertThat(json(status.body()).path("result").path("terminal").asBoolean(true)).isFalse();
        JsonNode statusBody = json(RAILWAY.take().getBody().utf8());
        assertThat(statusBody.path("query").asString()).contains("deployments(input: $input");
        assertThat(statusBody.path("variables").path("input").path("serviceId").asString()).isEqualTo("svc-1");

        RAILWAY.json(200, "{\"data\":{\"deploymentLogs\":[{\"timestamp\":\"t\",\"message\":\"listening\",\"severity\":\"info\"}]}}");
        HttpResponse<String> logs = run(deployer, "railway", "logs", "{\"deploymentId\":\"dep-7\"}");
        assertThat(json(logs.body()).path("result").path("logs").get(0).path("message").asString()).isEqualTo("listening");
        assertThat(json(RAILWAY.take().getBody().utf8()).path("query").asString()).contains("deploymentLogs(deploymentId:");

        RAILWAY.json(200, "{\"data\":{\"deploymentRedeploy\":{\"id\":\"dep-8\",\"status\":\"QUEUED\"}}}");
        HttpResponse<String> redeploy = run(deployer, "railway", "redeploy", "{\"deploymentId\":\"dep-7\"}");
        assertThat(json(redeploy.body()).path("result").path("deploymentId").asString()).isEqualTo("dep-8");
        assertThat(json(RAILWAY.take().getBody().utf8()).path("variables").path("id").asString()).isEqualTo("dep-7");

        RAILWAY.json(200, "{\"data\":{\"variableCollectionUpsert\":true}}");
        HttpResponse<String> variables = run(deployer, "railway", "variables.set", "{\"projectId\":\"p-1\","
                + "\"environmentId\":\"env-1\",\"serviceId\":\"svc-1\",\"variables\":{\"API_KEY\":\"s3cr3t-value\"}}");
        assertThat(variables.statusCode()).as(variables.body()).isEqualTo(200);
        assertThat(variables.body()).doesNotContain("s3cr3t-value");
        JsonNode upsert = json(RAILWAY.take().getBody().utf8());
        assertThat(upsert.path("query").asString()).contains("variableCollectionUpsert");
        assertThat(upsert.path("variables").path("input").path("variables").path("API_KEY").asString()).isEqualTo("s3cr3t-value");

        RAILWAY.json(200, "{\"data\":{\"projects\":{\"edges\":[{\"node\":{\"id\":\"p-1\",\"name\":\"shop\",\"services\":"
                + "{\"edges\":[{\"node\":{\"id\":\"svc-1\",\"name\":\"web\"}}]},\"environments\":{\"edges\":[]}}}]}}}");
        HttpResponse<String> projects = run(deployer, "railway", "projects", "{}");
        assertThat(json(projects.body()).path("result").path("projects").get(0).path("services").get(0).path("name")
                .asString()).isEqualTo("web");
    }

    // ------------------------------------------------------------------ Supabase

    @Test
    void broadcastSendsTheBareTopicPrivatelyWithTheServiceRoleKey() throws Exception {
        SUPABASE.enqueue(new mockwebserver3.MockResponse.Builder().code(202).build());

        HttpResponse<String> response = run(deployer, "supabase", "realtime.broadcast",
                "{\"topic\":\"realtime:room1\",\"event\":\"shout\",\"payload\":{\"text\":\"hi\"}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        RecordedRequest request = SUPABASE.take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/realtime/v1/api/broadcast");
        assertThat(request.getHeaders().get("apikey")).isEqualTo(SUPABASE_ENV_KEY);
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + SUPABASE_ENV_KEY);
        JsonNode message = json(request.getBody().utf8()).path("messages").get(0);
        assertThat(message.path("topic").asString()).isEqualTo("room1");
        assertThat(message.path("event").asString()).isEqualTo("shout");
        assertThat(message.path("payload").path("text").asString()).isEqualTo("hi");
        assertThat(message.path("private").asBoolean(false)).isTrue();
    }

    @Test
    void supabases422IsABadRequest() throws Exception {
        SUPABASE.json(422, "{\"errors\":{\"messages\":[{\"event\":[\"can't be blank\"]}]}}");

        HttpResponse<String> response = run(deployer, "supabase", "realtime.broadcast",
                "{\"topic\":\"room1\",\"event\":\"e\",\"payload\":{}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("category").asString()).isEqualTo("validation");
    }

    // ------------------------------------------------------------------ listing

    @Test
    void theListSaysWhatIsConfiguredAndReachable() throws Exception {
        JFROG.respond(request -> request.getUrl().encodedPath().equals("/artifactory/api/system/ping")
                ? new mockwebserver3.MockResponse.Builder().code(200).body("OK").build() : null);
        RAILWAY.json(200, "{\"data\":{\"__typename\":\"Query\"}}");

        HttpResponse<String> response = get("/api/connectors");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode connectors = json(response.body()).path("connectors");
        assertThat(connectors.get(0).path("name").asString()).isEqualTo("jfrog");
        assertThat(connectors.get(0).path("configured").asBoolean()).isTrue();
        assertThat(connectors.get(0).path("reachable").asBoolean()).isTrue();
        assertThat(connectors.get(0).path("credentialOrigin").asString()).isEqualTo("env");
        assertThat(connectors.get(1).path("reachable").asBoolean()).isTrue();
        assertThat(connectors.get(2).path("name").asString()).isEqualTo("supabase");
        assertThat(response.body()).doesNotContain(JFROG_ENV_TOKEN).doesNotContain(RAILWAY_ENV_TOKEN)
                .doesNotContain(SUPABASE_ENV_KEY);
        assertThat(connectors.get(0).path("operations").toString()).contains("xray.summary");
    }

    static String hex(String algorithm, byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    }

}
