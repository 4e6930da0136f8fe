package dev.symbia.e2e;

import static dev.symbia.e2e.support.SecureDeployVendors.body;
import static dev.symbia.e2e.support.SecureDeployVendors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.SecureDeployVendors;
import dev.symbia.e2e.support.SseClient;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 22's "done when" through the gateway of the running stack, with JFrog and Railway faked on their wire formats
 * ({@code JFROG_URL}, {@code RAILWAY_API_URL} at {@link dev.symbia.test.vendor.VendorFake}): a person stores a JFrog and a Railway token in
 * the vault, uploads an artifact to Artifactory (checksums verified), asks for a secure deploy with a pipeline and
 * follows its steps over SSE until Railway reports success — then a second deploy, of a vulnerable image, is scanned by
 * Xray and blocked by the gate with its CVE listed, and Railway is never asked.
 */
@ExtendWith(StackExtension.class)
class SecureDeployIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration EVENT_WAIT = Duration.ofSeconds(60);
    private static final String JFROG_TOKEN = "e2e-jfrog-access-token-" + System.nanoTime();
    private static final String RAILWAY_TOKEN = "e2e-railway-token-" + System.nanoTime();

    private final SecureDeployVendors vendors = new SecureDeployVendors(JFROG_TOKEN, RAILWAY_TOKEN);
    // The stack (and its vendor fake) is shared with other test classes: only what arrived since this test began counts.
    private int since;

    @Test
    void aCleanArtifactShipsToRailwayAndAVulnerableImageIsBlocked(SymbiaStack stack, Gateway gateway) throws Exception {
        since = stack.vendors().received().size();
        stack.vendors().respond(vendors);
        Account account = Account.register(gateway, "secure-deploy");
        account.storeCredential(gateway, "jfrog", JFROG_TOKEN);
        account.storeCredential(gateway, "railway", RAILWAY_TOKEN);

        byte[] artifact = "the build of app 1.0".getBytes(StandardCharsets.UTF_8);
        Gateway.Response upload = gateway.post("/api/integrations/connectors/jfrog/artifactory.upload", "application/json",
                JSON.writeValueAsString(Map.of("repo", "libs-release-local", "path", "app/app-1.0.jar",
                        "content", Base64.getEncoder().encodeToString(artifact))), "Authorization", account.bearer());
        assertThat(upload.status()).as("%s", upload).isEqualTo(200);
        assertThat(upload.json().path("result").path("checksums").path("sha256").asString()).isEqualTo(hex("SHA-256", artifact));
        assertThat(upload.json().path("result").path("downloadUri").asString()).endsWith("/artifactory/libs-release-local/app/app-1.0.jar");
        RecordedRequest put = only(stack, "PUT", "/artifactory/libs-release-local/app/app-1.0.jar");
        assertThat(put.getHeaders().get("Authorization")).isEqualTo("Bearer " + JFROG_TOKEN);
        assertThat(put.getHeaders().get("X-Checksum-Sha256")).isEqualTo(hex("SHA-256", artifact));

        // The clean artifact: summary, gate, pipeline, Railway deploy, watched to SUCCESS — live over SSE.
        Gateway.Response started = gateway.post("/api/integrations/deployments", "application/json",
                "{\"artifact\":{\"repo\":\"libs-release-local\",\"path\":\"app/app-1.0.jar\"},\"gate\":{\"maxSeverity\":\"High\"},"
                        + "\"pipeline\":{\"name\":\"build_web\",\"branch\":\"main\"},"
                        + "\"railway\":{\"projectId\":\"p-1\",\"serviceId\":\"svc-1\",\"environmentId\":\"env-1\"}}",
                "Authorization", account.bearer());
        assertThat(started.status()).as("%s", started).isEqualTo(202);
        List<JsonNode> states = follow(stack, account, started.json().path("id").asString());
        JsonNode done = states.getLast();
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(states.size()).as("the steps streamed as they happened").isGreaterThan(3);
        assertThat(states.stream().map(s -> s.path("steps").size()).distinct().count()).isGreaterThan(2);
        assertThat(stepNames(done)).containsExactly("xray.scan", "xray.summary", "gate", "pipeline", "railway.deploy",
                "railway.watch");
        assertThat(step(done, "pipeline").path("detail").path("status").asString()).isEqualTo("success");
        assertThat(step(done, "railway.watch").path("detail").path("status").asString()).isEqualTo("SUCCESS");
        assertThat(done.path("railwayDeploymentId").asString()).isEqualTo("dep-e2e-1");
        RecordedRequest deploy = received(stack).stream()
                .filter(r -> r.getUrl().encodedPath().equals("/graphql/v2") && body(r).contains("serviceInstanceDeployV2"))
                .findFirst().orElseThrow();
        assertThat(deploy.getHeaders().get("Authorization")).isEqualTo("Bearer " + RAILWAY_TOKEN);
        JsonNode variables = JSON.readTree(body(deploy)).path("variables");
        assertThat(variables.path("serviceId").asString()).isEqualTo("svc-1");
        assertThat(variables.path("environmentId").asString()).isEqualTo("env-1");
        assertThat(JSON.readTree(body(only(stack, "POST", "/xray/api/v2/summary/artifact"))).path("paths").get(0).asString())
                .isEqualTo("default/libs-release-local/app/app-1.0.jar");

        // A vulnerable image: Xray scans it, the summary has a critical CVE, the gate blocks, Railway is never asked.
        Gateway.Response vulnerable = gateway.post("/api/integrations/deployments", "application/json",
                "{\"image\":\"docker://docker-local/shop/web:6.6\",\"gate\":{\"maxSeverity\":\"High\"},"
                        + "\"railway\":{\"projectId\":\"p-1\",\"serviceId\":\"svc-1\",\"environmentId\":\"env-1\"}}",
                "Authorization", account.bearer());
        assertThat(vulnerable.status()).as("%s", vulnerable).isEqualTo(202);
        JsonNode blocked = follow(stack, account, vulnerable.json().path("id").asString()).getLast();
        assertThat(blocked.path("status").asString()).as(blocked.toString()).isEqualTo("blocked");
        assertThat(blocked.path("error").asString()).contains("CVE-2021-44228");
        JsonNode gate = step(blocked, "gate");
        assertThat(gate.path("findings").get(0).path("cves").get(0).asString()).isEqualTo("CVE-2021-44228");
        assertThat(gate.path("findings").get(0).path("severity").asString()).isEqualTo("CRITICAL");
        assertThat(JSON.readTree(body(only(stack, "POST", "/xray/api/v1/scanArtifact"))).path("componentID").asString())
                .isEqualTo("docker://shop/web:6.6");
        assertThat(vendors.railwayDeploys()).as("only the clean artifact was deployed").isEqualTo(1);

        // Both are readable in the org's list; another account's org sees neither.
        Gateway.Response list = gateway.get("/api/integrations/deployments", "Authorization", account.bearer());
        assertThat(list.json().path("deployments").size()).isEqualTo(2);
        Account stranger = Account.register(gateway, "secure-deploy-stranger");
        assertThat(gateway.get("/api/integrations/deployments/" + vulnerable.json().path("id").asString(),
                "Authorization", stranger.bearer()).status()).isEqualTo(404);
    }

    /** Every state the deployment's SSE stream announces, through the gateway, until it ends. */
    private static List<JsonNode> follow(SymbiaStack stack, Account account, String id) throws Exception {
        List<JsonNode> states = new ArrayList<>();
        try (SseClient events = SseClient.get(stack.gatewayUrl() + "/api/integrations/deployments/" + id + "/events",
                "Authorization", account.bearer())) {
            assertThat(events.status()).isEqualTo(200);
            for (SseClient.Event event; (event = events.nextEvent(EVENT_WAIT)) != null; ) {
                assertThat(event.name()).isEqualTo("deployment");
                JsonNode state = JSON.readTree(event.data());
                states.add(state);
                if (!"running".equals(state.path("status").asString())) {
                    return states;
                }
            }
        }
        throw new AssertionError("the stream ended before the deployment did: " + states);
    }

    private List<RecordedRequest> received(SymbiaStack stack) {
        List<RecordedRequest> all = stack.vendors().received();
        return all.subList(since, all.size());
    }

    private RecordedRequest only(SymbiaStack stack, String method, String path) {
        List<RecordedRequest> matching = received(stack).stream()
                .filter(r -> r.getMethod().equals(method) && r.getUrl().encodedPath().equals(path)).toList();
        assertThat(matching).as(method + " " + path).hasSize(1);
        return matching.getFirst();
    }

    private static List<String> stepNames(JsonNode deployment) {
        List<String> names = new ArrayList<>();
        deployment.path("steps").forEach(step -> names.add(step.path("name").asString()));
        return names;
    }

    private static JsonNode step(JsonNode deployment, String name) {
        return StreamSupport.stream(deployment.path("steps").spliterator(), false)
                .filter(step -> step.path("name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + deployment));
    }
}
