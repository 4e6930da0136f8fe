package dev.symbia.integrations.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.test.vendor.VendorFake;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Deployment events go to Supabase Realtime as private broadcasts on deployments:<orgId>, retried on failure. */
class DeploymentRealtimeTests extends DeploymentTestSupport {

    @Test
    void everyChangeIsBroadcastPrivatelyOnTheOrgsTopicAndFailuresAreRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // The first broadcast attempt fails (503): it must be retried, not lost.
        SUPABASE.respond(request -> calls.getAndIncrement() == 0
                ? VendorFake.response(503, "{\"message\":\"unavailable\"}")
                : new MockResponse.Builder().code(202).build());

        JsonNode done = followToEnd(startDeployment(request(artifact(CLEAN_PATH))).path("id").asString());
        assertThat(done.path("status").asString()).isEqualTo("succeeded");

        List<JsonNode> messages = new ArrayList<>();
        boolean sawFinal = false;
        while (!sawFinal) { // broadcasts are asynchronous: take them until the final state arrives
            RecordedRequest request = SUPABASE.take();
            assertThat(request.getUrl().encodedPath()).isEqualTo("/realtime/v1/api/broadcast");
            assertThat(request.getHeaders().get("apikey")).isEqualTo(SUPABASE_ENV_KEY);
            JsonNode message = json(request.getBody().utf8()).path("messages").get(0);
            messages.add(message);
            sawFinal = "succeeded".equals(message.path("payload").path("status").asString());
        }
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.path("topic").asString()).isEqualTo("deployments:" + orgId);
            assertThat(m.path("event").asString()).isEqualTo("deployment.updated");
            assertThat(m.path("private").asBoolean(false)).isTrue();
        });
        assertThat(calls.get()).as("the failed attempt was retried").isGreaterThan(messages.size() - 1);
    }
}
