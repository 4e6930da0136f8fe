package dev.symbia.integrations.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.test.auth.TestPrincipal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bad input and the wrong principal on every deployment endpoint. */
class DeploymentAccessTests extends DeploymentTestSupport {

    private HttpResponse<String> delete(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).DELETE();
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anonymousIs401Everywhere() throws Exception {
        String id = UUID.randomUUID().toString();
        assertThat(post("/api/deployments", request(artifact(CLEAN_PATH)), Map.of()).statusCode()).isEqualTo(401);
        assertThat(get("/api/deployments", Map.of()).statusCode()).isEqualTo(401);
        assertThat(get("/api/deployments/" + id, Map.of()).statusCode()).isEqualTo(401);
        assertThat(get("/api/deployments/" + id + "/events", Map.of()).statusCode()).isEqualTo(401);
        assertThat(delete("/api/deployments/" + id, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void startingAndCancellingNeedTheDeployCapability() throws Exception {
        HttpResponse<String> start = post("/api/deployments", request(artifact(CLEAN_PATH)));
        assertThat(start.statusCode()).isEqualTo(403);
        assertThat(start.body()).contains("cap:integrations.deploy");
        assertThat(delete("/api/deployments/" + UUID.randomUUID(), Map.of("Authorization", user.bearer())).statusCode())
                .isEqualTo(403);
        TestPrincipal noCaps = IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "member").caps();
        assertThat(get("/api/deployments", as(noCaps)).statusCode()).isEqualTo(403);
        assertThat(JFROG.drain() + RAILWAY.drain()).isZero();
    }

    @Test
    void anotherOrgsDeploymentIsNotFound() throws Exception {
        summaryJson = xraySummary(CLEAN_PATH, "Critical", "CVE-2021-44228");
        String id = startDeployment(request(artifact(CLEAN_PATH))).path("id").asString();
        followToEnd(id);
        String otherOrg = UUID.randomUUID().toString();
        TestPrincipal stranger = IDENTITY.user(UUID.randomUUID().toString()).member(otherOrg, "admin")
                .caps("cap:integrations.read", "cap:integrations.deploy");

        assertThat(get("/api/deployments/" + id, as(stranger)).statusCode()).isEqualTo(404);
        assertThat(get("/api/deployments/" + id + "/events", as(stranger)).statusCode()).isEqualTo(404);
        assertThat(delete("/api/deployments/" + id, as(stranger)).statusCode()).isEqualTo(404);
        JsonNode theirs = json(get("/api/deployments", as(stranger)).body()).path("deployments");
        assertThat(theirs.isEmpty()).isTrue();
        // A member of the deployment's org reads it.
        assertThat(get("/api/deployments/" + id, as(user)).statusCode()).isEqualTo(200);
    }

    @Test
    void badInputIsA400ProblemAndStartsNothing() throws Exception {
        Map<String, String> auth = as(deployer);
        String both = "{" + artifact(CLEAN_PATH) + ",\"image\":\"docker://r/i:t\",\"gate\":{\"maxSeverity\":\"High\"},"
                + "\"railway\":{\"projectId\":\"p\",\"serviceId\":\"s\",\"environmentId\":\"e\"}}";
        assertThat(post("/api/deployments", both, auth).statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post("/api/deployments", request(artifact(CLEAN_PATH)).replace("{\"maxSeverity\"",
                "{\"token\":\"x\",\"maxSeverity\""), auth);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("token");
        HttpResponse<String> severity = post("/api/deployments", request(artifact(CLEAN_PATH)).replace("High", "Scary"), auth);
        assertThat(severity.statusCode()).isEqualTo(400);
        assertThat(severity.body()).contains("maxSeverity");
        assertThat(post("/api/deployments", request(artifact("libs/../../etc/passwd")), auth).statusCode()).isEqualTo(400);
        assertThat(post("/api/deployments", request("\"image\":\"http://evil/x:1\""), auth).statusCode()).isEqualTo(400);
        assertThat(post("/api/deployments", "{\"gate\":{\"maxSeverity\":\"High\"}}", auth).statusCode()).isEqualTo(400);
        assertThat(post("/api/deployments", "[]", auth).statusCode()).isEqualTo(400);
        assertThat(get("/api/deployments/not-a-uuid", auth).statusCode()).isEqualTo(404);
        assertThat(get("/api/deployments?limit=0", auth).statusCode()).isEqualTo(400);
        assertThat(JFROG.drain() + RAILWAY.drain()).as("no vendor was called").isZero();
        assertThat(json(get("/api/deployments", auth).body()).path("deployments").isEmpty()).isTrue();
    }
}
