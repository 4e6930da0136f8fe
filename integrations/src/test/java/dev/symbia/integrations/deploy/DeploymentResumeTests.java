package dev.symbia.integrations.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A restart mid-deployment, at the service level: the rows a previous run left (its lease expired) are claimed and
 * resumed as {@link DeploymentClaims} does on every round, the first one at startup.
 */
class DeploymentResumeTests extends DeploymentTestSupport {

    @Autowired
    private DeploymentStore store;

    @Autowired
    private DeploymentClaims claims;

    @Test
    void aDeploymentRailwayAcceptedIsWatchedAgainAndNeverDeployedTwice() throws Exception {
        UUID id = interrupted(true);

        claims.tick();
        JsonNode done = followToEnd(id.toString());

        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(railwayDeploys.get()).as("Railway is not asked to deploy again").isZero();
        assertThat(railwayStatusQueries.get()).isEqualTo(3);
        assertThat(done.path("steps").toString()).contains("railway.watch");
        long watches = 0;
        for (JsonNode step : done.path("steps")) {
            if (step.path("name").asString().equals("railway.watch") && step.path("status").asString().equals("succeeded")) {
                watches++;
            }
        }
        assertThat(watches).as("one watch finished, the interrupted one closed").isEqualTo(1);
    }

    @Test
    void aDeployCallInFlightAtTheRestartIsFailedNotRepeated() throws Exception {
        UUID id = interrupted(false);

        claims.tick();

        JsonNode done = json(get("/api/deployments/" + id, as(deployer)).body());
        assertThat(done.path("status").asString()).isEqualTo("failed");
        assertThat(done.path("error").asString()).contains("not asked again");
        assertThat(RAILWAY.drain()).as("Railway was not called").isZero();
    }

    @Test
    void aDeploymentStillLeasedToAnotherReplicaIsLeftToIt() throws Exception {
        UUID id = UUID.randomUUID();
        store.create(id, orgId, deployer.id(), JSON.readTree(request(artifact(CLEAN_PATH))), "a-live-replica",
                java.time.Duration.ofMinutes(5));

        claims.tick();

        assertThat(json(get("/api/deployments/" + id, as(deployer)).body()).path("status").asString()).isEqualTo("running");
        assertThat(jdbc.sql("SELECT owner FROM deployments WHERE id = :id").param("id", id).query(String.class).single())
                .isEqualTo("a-live-replica");
        assertThat(RAILWAY.drain()).isZero();
    }

    /** A deployment as a killed process leaves it (its lease expired): deploy step written, Railway's id known or not. */
    private UUID interrupted(boolean railwayAnswered) {
        UUID id = UUID.randomUUID();
        store.create(id, orgId, deployer.id(), JSON.readTree(request(artifact(CLEAN_PATH))), "a-dead-replica",
                java.time.Duration.ZERO);
        int gate = store.startStep(id, "gate");
        store.finishStep(id, gate, "succeeded", null, java.util.List.of(), null, null);
        int deploy = store.startStep(id, "railway.deploy");
        if (railwayAnswered) {
            store.railwayDeployment(id, deploy, "dep-42");
            store.finishStep(id, deploy, "succeeded", "dep-42", null, null, null);
            store.startStep(id, "railway.watch");
        }
        return id;
    }
}
