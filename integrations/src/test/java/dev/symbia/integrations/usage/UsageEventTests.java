package dev.symbia.integrations.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.stream.Usage;
import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.relay.Relay;
import dev.symbia.relay.testing.RecordingRelay;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.JsonNode;

/**
 * Every recorded call is announced as {@code integrations.call.completed} with accounting facts and
 * nothing secret; publishing never gets in the way of the usage row (real database of the shared context).
 */
class UsageEventTests extends GatewayTestSupport {

    @Autowired
    private PriceTable prices;

    private static ObjectProvider<Relay> provider(Relay relay) {
        return new StaticListableBeanFactory(Map.of("relay", relay)).getBeanProvider(Relay.class);
    }

    private UsageRecord call(String requestId) {
        return new UsageRecord(orgId, "alice", requestId, "execute", "sambanova", SAMBA_MODEL, SAMBA_MODEL, "user",
                true, Outcome.SUCCESS, null, "stop", Usage.of(100, 50), false, 1, 120L, 900, Instant.now());
    }

    private long rows(String requestId) {
        return jdbc.sql("SELECT count(*) FROM usage_records WHERE request_id = :r").param("r", requestId)
                .query(Long.class).single();
    }

    @Test
    void aCompletedCallIsPublishedWithUsageAndWithoutSecrets() {
        RecordingRelay relay = new RecordingRelay("integrations");
        String requestId = "req-" + UUID.randomUUID();
        new UsageRecorder(jdbc, prices, provider(relay)).record(call(requestId));

        assertThat(rows(requestId)).isEqualTo(1);
        assertThat(relay.published()).hasSize(1);
        RecordingRelay.Published event = relay.published().getFirst();
        assertThat(event.type()).isEqualTo("integrations.call.completed");
        JsonNode data = event.data();
        assertThat(data.path("provider").asString()).isEqualTo("sambanova");
        assertThat(data.path("model").asString()).isEqualTo(SAMBA_MODEL);
        assertThat(data.path("outcome").asString()).isEqualTo("success");
        assertThat(data.path("userId").asString()).isEqualTo("alice");
        assertThat(data.path("orgId").asString()).isEqualTo(orgId);
        assertThat(data.path("requestId").asString()).isEqualTo(requestId);
        assertThat(data.path("promptTokens").asInt()).isEqualTo(100);
        assertThat(data.path("completionTokens").asInt()).isEqualTo(50);
        assertThat(data.path("totalTokens").asInt()).isEqualTo(150);
        assertThat(data.path("durationMs").asLong()).isEqualTo(900);
        assertThat(data.path("costMicros").asLong()).isEqualTo(120); // 100 × 0.60 + 50 × 1.20 per million
        assertThat(event.canonical()).doesNotContain(SAMBA_KEY, HF_KEY, "messages", "content", "apiKey");
        assertThat(data.propertyNames()).containsExactlyInAnyOrder("requestId", "orgId", "userId", "surface", "provider",
                "model", "servedModel", "credentialOrigin", "streamed", "outcome", "finishReason", "promptTokens",
                "completionTokens", "totalTokens", "usageEstimated", "costMicros", "attempts", "ttftMs", "durationMs",
                "startedAt");
    }

    @Test
    void aBrokenOrAbsentRelayNeverCostsTheUsageRow() {
        RecordingRelay broken = new RecordingRelay("integrations");
        broken.failing(true);
        String first = "req-" + UUID.randomUUID();
        new UsageRecorder(jdbc, prices, provider(broken)).record(call(first));
        assertThat(rows(first)).isEqualTo(1);

        String second = "req-" + UUID.randomUUID();
        new UsageRecorder(jdbc, prices, new StaticListableBeanFactory().getBeanProvider(Relay.class)).record(call(second));
        assertThat(rows(second)).isEqualTo(1);
    }
}
