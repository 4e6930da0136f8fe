package dev.symbia.integrations.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.test.auth.TestPrincipal;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bad input and the wrong principal on the connector endpoints: problems, never a vendor call. */
class ConnectorAccessTests extends GatewayTestSupport {

    private HttpResponse<String> call(Map<String, String> headers, String path, String body) throws Exception {
        return post(path, body, headers);
    }

    private TestPrincipal deployer() {
        return IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "member")
                .caps("cap:integrations.read", "cap:integrations.deploy");
    }

    @Test
    void anonymousIs401() throws Exception {
        assertThat(call(Map.of(), "/api/connectors/railway/deploy", "{}").statusCode()).isEqualTo(401);
        assertThat(get("/api/connectors", Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void changesNeedTheDeployCapabilityReadsTheReadOne() throws Exception {
        // A member holds cap:integrations.read but not cap:integrations.deploy.
        HttpResponse<String> deploy = post("/api/connectors/railway/deploy", "{\"serviceId\":\"s\",\"environmentId\":\"e\"}");
        assertThat(deploy.statusCode()).isEqualTo(403);
        assertThat(deploy.body()).contains("cap:integrations.deploy");
        HttpResponse<String> upload = post("/api/connectors/jfrog/artifactory.upload",
                "{\"repo\":\"r\",\"path\":\"a\",\"content\":\"AA==\"}");
        assertThat(upload.statusCode()).isEqualTo(403);
        assertThat(post("/api/connectors/supabase/realtime.broadcast", "{}").statusCode()).isEqualTo(403);
        assertThat(JFROG.drain() + RAILWAY.drain() + SUPABASE.drain()).as("no vendor was called").isZero();

        TestPrincipal outsider = IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "member").caps();
        HttpResponse<String> read = call(Map.of("Authorization", outsider.bearer()), "/api/connectors/railway/status",
                "{\"deploymentId\":\"d\"}");
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(get("/api/connectors", Map.of("Authorization", outsider.bearer())).statusCode()).isEqualTo(403);
    }

    @Test
    void aServiceTokenIsRefusedOnThePublicEndpoint() throws Exception {
        HttpResponse<String> response = call(Map.of("Authorization", "Bearer " + IDENTITY.service("assistants").token()),
                "/api/connectors/railway/status", "{\"deploymentId\":\"d\"}");
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void badInputIsA4xxProblemNamingTheField() throws Exception {
        Map<String, String> auth = Map.of("Authorization", deployer().bearer());
        HttpResponse<String> unknownField = call(auth, "/api/connectors/railway/deploy",
                "{\"serviceId\":\"s\",\"environmentId\":\"e\",\"token\":\"mine\"}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("token");
        assertThat(call(auth, "/api/connectors/railway/deploy", "{\"serviceId\":\"s\"}").body()).contains("environmentId");
        assertThat(call(auth, "/api/connectors/railway/deploy", "[1]").statusCode()).isEqualTo(400);
        assertThat(call(auth, "/api/connectors/railway/deploy", "{not json").statusCode()).isEqualTo(400);
        HttpResponse<String> traversal = call(auth, "/api/connectors/jfrog/artifactory.info",
                "{\"repo\":\"libs\",\"path\":\"../../api/security/users\"}");
        assertThat(traversal.statusCode()).isEqualTo(400);
        assertThat(traversal.body()).contains("path");
        assertThat(call(auth, "/api/connectors/jfrog/artifactory.upload",
                "{\"repo\":\"libs\",\"path\":\"a\",\"content\":\"***\"}").statusCode()).isEqualTo(400);
        assertThat(call(auth, "/api/connectors/jfrog/artifactory.search", "{\"query\":\"DROP everything\"}").statusCode())
                .isEqualTo(400);
        assertThat(call(auth, "/api/connectors/jfrog/pipelines.runs", "{\"pipelineIds\":\"1; rm\"}").statusCode())
                .isEqualTo(400);
        assertThat(call(auth, "/api/connectors/supabase/realtime.broadcast",
                "{\"topic\":\"t\",\"event\":\"e\",\"payload\":\"text\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> unknownConnector = call(auth, "/api/connectors/github/deploy", "{}");
        assertThat(unknownConnector.statusCode()).isEqualTo(404);
        assertThat(unknownConnector.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).contains("problem+json"));
        assertThat(call(auth, "/api/connectors/railway/destroy", "{}").statusCode()).isEqualTo(404);
        assertThat(JFROG.drain() + RAILWAY.drain() + SUPABASE.drain()).as("no vendor was called").isZero();
    }
}
