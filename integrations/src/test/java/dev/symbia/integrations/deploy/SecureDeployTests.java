package dev.symbia.integrations.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** The secure deploy end to end against the vendor fakes, followed over its SSE stream. */
@ExtendWith(OutputCaptureExtension.class)
class SecureDeployTests extends DeploymentTestSupport {

    @Test
    void aCleanArtifactIsScannedGatedDeployedAndWatchedToSuccess(CapturedOutput output) throws Exception {
        JsonNode started = startDeployment(request(artifact(CLEAN_PATH)));
        assertThat(started.path("status").asString()).isEqualTo("running");

        JsonNode done = followToEnd(started.path("id").asString());

        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("railwayDeploymentId").asString()).isEqualTo("dep-42");
        assertThat(step(done, "xray.scan").path("status").asString()).isEqualTo("skipped");
        assertThat(step(done, "xray.summary").path("status").asString()).isEqualTo("succeeded");
        assertThat(step(done, "gate").path("status").asString()).isEqualTo("succeeded");
        assertThat(step(done, "railway.deploy").path("vendorId").asString()).isEqualTo("dep-42");
        assertThat(step(done, "railway.watch").path("detail").path("status").asString()).isEqualTo("SUCCESS");
        assertThat(railwayDeploys.get()).isEqualTo(1);
        assertThat(railwayStatusQueries.get()).isEqualTo(3);

        JsonNode read = json(get("/api/deployments/" + started.path("id").asString(), as(deployer)).body());
        assertThat(read.path("status").asString()).isEqualTo("succeeded");
        assertThat(read.path("finishedAt").isNull()).isFalse();
        JsonNode list = json(get("/api/deployments", as(deployer)).body()).path("deployments");
        assertThat(list.get(0).path("id").asString()).isEqualTo(started.path("id").asString());
        assertThat(output.getAll()).contains("deployment.step").contains("\"step\":\"railway.deploy\"")
                .doesNotContain(JFROG_ENV_TOKEN).doesNotContain(RAILWAY_ENV_TOKEN).doesNotContain(SUPABASE_ENV_KEY);
    }

    @Test
    void aCriticalCveBlocksTheDeployAndRailwayIsNeverCalled() throws Exception {
        summaryJson = xraySummary(CLEAN_PATH, "Critical", "CVE-2021-44228");

        JsonNode done = followToEnd(startDeployment(request(artifact(CLEAN_PATH))).path("id").asString());

        assertThat(done.path("status").asString()).isEqualTo("blocked");
        assertThat(done.path("error").asString()).contains("CVE-2021-44228");
        JsonNode gate = step(done, "gate");
        assertThat(gate.path("status").asString()).isEqualTo("blocked");
        assertThat(gate.path("findings").get(0).path("cves").get(0).asString()).isEqualTo("CVE-2021-44228");
        assertThat(gate.path("findings").get(0).path("severity").asString()).isEqualTo("CRITICAL");
        assertThat(railwayDeploys.get()).isZero();
        assertThat(RAILWAY.drain()).as("Railway was never called").isZero();
    }

    @Test
    void aRailwayRefusalIsAFailedDeployStep() throws Exception {
        deployAnswer = "{\"data\":null,\"errors\":[{\"message\":\"Not Authorized\"}]}";

        JsonNode done = followToEnd(startDeployment(request(artifact(CLEAN_PATH))).path("id").asString());

        assertThat(done.path("status").asString()).isEqualTo("failed");
        JsonNode deploy = step(done, "railway.deploy");
        assertThat(deploy.path("status").asString()).isEqualTo("failed");
        assertThat(deploy.path("error").asString()).contains("Not Authorized");
        assertThat(done.path("railwayDeploymentId").isNull()).isTrue();
        assertThat(railwayStatusQueries.get()).isZero();
    }

    @Test
    void aRailwayDeploymentThatCrashesFailsTheWatch() throws Exception {
        railwayStatuses = new String[] {"BUILDING", "CRASHED"};

        JsonNode done = followToEnd(startDeployment(request(artifact(CLEAN_PATH))).path("id").asString());

        assertThat(done.path("status").asString()).isEqualTo("failed");
        assertThat(step(done, "railway.watch").path("status").asString()).isEqualTo("failed");
        assertThat(done.path("error").asString()).contains("CRASHED");
    }

    @Test
    void anImageIsScannedByXrayAndAPipelineRunsBeforeTheDeploy() throws Exception {
        summaryJson = xraySummary("docker-local/shop/web/1.2/manifest.json", "Medium", "CVE-2020-0002");

        JsonNode done = followToEnd(startDeployment(request("\"image\":\"docker://docker-local/shop/web:1.2\","
                + "\"pipeline\":{\"name\":\"build_web\",\"branch\":\"main\"}")).path("id").asString());

        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(step(done, "pipeline").path("detail").path("status").asString()).isEqualTo("success");
        List<RecordedRequest> jfrog = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jfrog.add(JFROG.take());
        }
        assertThat(jfrog.get(0).getUrl().encodedPath()).isEqualTo("/xray/api/v1/scanArtifact");
        assertThat(json(jfrog.get(0).getBody().utf8()).path("componentID").asString()).isEqualTo("docker://shop/web:1.2");
        assertThat(json(jfrog.get(1).getBody().utf8()).path("paths").get(0).asString())
                .isEqualTo("default/docker-local/shop/web/1.2/manifest.json");
        assertThat(jfrog.get(2).getUrl().encodedPath()).isEqualTo("/pipelines/api/v1/pipelines/trigger");
        assertThat(jfrog.get(3).getUrl().queryParameter("name")).isEqualTo("build_web");
        assertThat(jfrog.get(4).getUrl().queryParameter("pipelineIds")).isEqualTo("375");
    }

    @Test
    void cancellingStopsTheWatchAndAsksRailwayToCancel() throws Exception {
        railwayStatuses = new String[] {"BUILDING"};
        String id = startDeployment(request(artifact(CLEAN_PATH))).path("id").asString();
        // Cancel once Railway has accepted the deployment (the watch is polling).
        JsonNode seen;
        do {
            seen = json(get("/api/deployments/" + id, as(deployer)).body());
        } while (seen.path("railwayDeploymentId").isNull() && "running".equals(seen.path("status").asString()));

        HttpResponse<String> cancelled = delete("/api/deployments/" + id);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled.body()).path("status").asString()).isEqualTo("cancelled");
        assertThat(followToEnd(id).path("status").asString()).isEqualTo("cancelled");
        assertThat(railwayCancels.get()).as("Railway was asked to cancel dep-42").isEqualTo(1);
        assertThat(railwayDeploys.get()).isEqualTo(1);
        assertThat(delete("/api/deployments/" + id).statusCode()).as("already ended").isEqualTo(409);
    }

    protected HttpResponse<String> delete(String path) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(uri(path)).header("Authorization", deployer.bearer())
                .DELETE().build();
        return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
