package dev.symbia.integrations.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.provider.Usage;
import dev.symbia.integrations.testing.GatewayTestSupport;
import dev.symbia.relay.EnvelopeCodec;
import dev.symbia.relay.Jcs;
import dev.symbia.relay.Publication;
import dev.symbia.relay.Relay;
import dev.symbia.relay.RelayEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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

    private static final EnvelopeCodec CODEC = new EnvelopeCodec();

    @Autowired
    private PriceTable prices;

    /** Keeps what the relay would send, converted and canonicalised as RelayClient.publish does. */
    private static final class CapturingRelay implements Relay {
        final List<Publication> published = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public String nodeId() {
            return "integrations";
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public String publish(Publication publication) {
            if (failing) {
                throw new IllegalStateException("relay broken on purpose");
            }
            Jcs.canonicalize(CODEC.toData(publication.data()));
            published.add(publication);
            return UUID.randomUUID().toString();
        }

        @Override
        public <T> Subscription subscribe(String typePattern, Class<T> dataType, Consumer<RelayEvent<T>> handler) {
            return () -> { };
        }
    }

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
        CapturingRelay relay = new CapturingRelay();
        String requestId = "req-" + UUID.randomUUID();
        new UsageRecorder(jdbc, prices, provider(relay)).record(call(requestId));

        assertThat(rows(requestId)).isEqualTo(1);
        assertThat(relay.published).hasSize(1);
        Publication event = relay.published.getFirst();
        assertThat(event.type()).isEqualTo("integrations.call.completed");
        JsonNode data = CODEC.toData(event.data());
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
        String canonical = Jcs.canonicalize(data);
        assertThat(canonical).doesNotContain(SAMBA_KEY, HF_KEY, "messages", "content", "apiKey");
        assertThat(data.propertyNames()).containsExactlyInAnyOrder("requestId", "orgId", "userId", "surface", "provider",
                "model", "servedModel", "credentialOrigin", "streamed", "outcome", "finishReason", "promptTokens",
                "completionTokens", "totalTokens", "usageEstimated", "costMicros", "attempts", "ttftMs", "durationMs",
                "startedAt");
    }

    @Test
    void aBrokenOrAbsentRelayNeverCostsTheUsageRow() {
        CapturingRelay broken = new CapturingRelay();
        broken.failing = true;
        String first = "req-" + UUID.randomUUID();
        new UsageRecorder(jdbc, prices, provider(broken)).record(call(first));
        assertThat(rows(first)).isEqualTo(1);

        String second = "req-" + UUID.randomUUID();
        new UsageRecorder(jdbc, prices, new StaticListableBeanFactory().getBeanProvider(Relay.class)).record(call(second));
        assertThat(rows(second)).isEqualTo(1);
    }
}
