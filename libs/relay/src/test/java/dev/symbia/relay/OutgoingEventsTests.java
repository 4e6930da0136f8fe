package dev.symbia.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Request;
import okhttp3.WebSocket;
import okio.ByteString;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Send and acknowledgement tracking, without a network: what goes out, when, and what an ack does. */
class OutgoingEventsTests {

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final EnvelopeSigner signer = new EnvelopeSigner(
            "outgoing-events-tests-secret-0123456789".getBytes(StandardCharsets.UTF_8), codec);
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OutgoingEvents outgoing = new OutgoingEvents(codec, 10, new Stamper("messaging", signer, clock),
            new RelayFrames(codec), new RelayMetrics(meters));
    private final RecordingSocket socket = new RecordingSocket();

    private String publish(String type) {
        Outbox.Draft draft = outgoing.draft(Publication.of(type, Map.of("n", 1)));
        outgoing.offer(draft);
        return draft.id();
    }

    private JsonNode ack(String ref, boolean ok, String code) {
        return codec.mapper().readTree(ok ? "{\"op\":\"ack\",\"ref\":\"" + ref + "\",\"ok\":true}"
                : "{\"op\":\"ack\",\"ref\":\"" + ref + "\",\"ok\":false,\"code\":\"" + code + "\"}");
    }

    @Test
    void sendsEachEventOncePerConnectionSignedAsThisNodeAtTransmission() {
        String first = publish("a.one");
        String second = publish("a.two");
        outgoing.flush(socket);
        outgoing.flush(socket);

        assertThat(socket.events()).extracting(e -> e.get("id").stringValue()).containsExactly(first, second);
        Envelope sent = codec.fromTree(socket.events().getFirst());
        assertThat(sent.source()).isEqualTo("messaging");
        assertThat(sent.instant()).isEqualTo(clock.instant());
        assertThat(signer.isValid(sent)).isTrue();

        outgoing.requeueAll(); // the connection was lost: unacknowledged events go again
        outgoing.flush(socket);
        assertThat(socket.events()).hasSize(4);
    }

    @Test
    void aClosingSocketStopsTheFlushAndTheRestWaits() {
        publish("a.one");
        publish("a.two");
        socket.accepting = false;
        outgoing.flush(socket);
        socket.accepting = true;
        outgoing.flush(socket);
        assertThat(socket.events()).hasSize(2);
    }

    @Test
    void anAckForgetsTheEventAndCountsItOnce() {
        String id = publish("a.one");
        assertThat(outgoing.acked(ack(id, true, null))).isEqualTo(OutgoingEvents.Ack.DONE);
        assertThat(outgoing.acked(ack(id, true, null))).isEqualTo(OutgoingEvents.Ack.DONE);
        assertThat(outgoing.size()).isZero();
        assertThat(meters.counter("symbia.relay.events.published").count()).isEqualTo(1);
    }

    @Test
    void aDuplicateWasAcceptedBeforeARefusalIsFinalAndAForgottenRegistrationAsksToReRegister() {
        String duplicate = publish("a.one");
        String refused = publish("a.two");
        String unregistered = publish("a.three");

        assertThat(outgoing.acked(ack(duplicate, false, "duplicate"))).isEqualTo(OutgoingEvents.Ack.DONE);
        assertThat(outgoing.acked(ack(refused, false, "forbidden"))).isEqualTo(OutgoingEvents.Ack.DONE);
        assertThat(outgoing.acked(ack(unregistered, false, "not-registered"))).isEqualTo(OutgoingEvents.Ack.REREGISTER);

        assertThat(outgoing.size()).as("only the event refused for want of a registration waits").isEqualTo(1);
        assertThat(meters.counter("symbia.relay.events.refused", "reason", "forbidden").count()).isEqualTo(1);
        assertThat(meters.counter("symbia.relay.events.published").count()).isZero();
    }

    @Test
    void aFullBufferDropsTheOldest() {
        for (int i = 0; i < 12; i++) {
            publish("tick.x");
        }
        assertThat(outgoing.size()).isEqualTo(10);
        assertThat(meters.counter("symbia.relay.outbox.dropped").count()).isEqualTo(2);
    }

    @Test
    void anInvalidPublicationIsRefusedBeforeItIsBuffered() {
        assertThatIllegalArgumentException().isThrownBy(() -> outgoing.draft(Publication.of("no spaces", Map.of())));
        assertThatIllegalArgumentException().isThrownBy(() -> outgoing.draft(Publication.of("a.b", Map.of()).inRun("bad id!")));
        assertThat(outgoing.size()).isZero();
    }

    /** A socket that records the publish frames it is given, or refuses them like a closing one. */
    private final class RecordingSocket implements WebSocket {
        private final List<String> frames = new CopyOnWriteArrayList<>();
        volatile boolean accepting = true;

        List<JsonNode> events() {
            return frames.stream().map(f -> codec.mapper().readTree(f).get("event")).toList();
        }

        @Override
        public boolean send(String text) {
            if (accepting) {
                frames.add(text);
            }
            return accepting;
        }

        @Override
        public boolean send(ByteString bytes) {
            return false;
        }

        @Override
        public Request request() {
            return new Request.Builder().url("http://localhost/api/ws").build();
        }

        @Override
        public long queueSize() {
            return 0;
        }

        @Override
        public boolean close(int code, String reason) {
            return true;
        }

        @Override
        public void cancel() {
        }
    }
}
