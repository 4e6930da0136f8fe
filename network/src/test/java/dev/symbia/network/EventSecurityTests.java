package dev.symbia.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.relay.Envelope;
import dev.symbia.relay.EnvelopeCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the network refuses, over REST and over the socket: forged or tampered signatures, stale or
 * future timestamps, replays, unknown sources, impersonation. Each refusal is counted and stored.
 */
class EventSecurityTests extends NetworkTestSupport {

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    private String source() {
        String id = unique("src");
        registerNode(id, "client", null);
        return id;
    }

    private HttpResponse<String> publish(String envelopeJson) {
        return post("/api/events", envelopeJson, admin());
    }

    private long rejections(String reason) {
        return jdbc.sql("SELECT count(*) FROM rejections WHERE reason = :reason").param("reason", reason).query(Long.class).single();
    }

    @Test
    void aSignedEnvelopeFromItsOwnerIsAccepted() {
        Envelope signed = signer.sign(envelope(source(), "audit.entry", null, Map.of("n", 1)));
        JsonNode accepted = expect(publish(codec.write(signed)), 202);
        assertThat(accepted.get("eventId").stringValue()).isEqualTo(signed.id());
        assertThat(accepted.get("status").stringValue()).isEqualTo("unrouted");
    }

    static Stream<Arguments> tamperings() {
        return Stream.of(
                Arguments.of("id", (UnaryOperator<ObjectNode>) t -> t.put("id", t.get("id").stringValue() + "x")),
                Arguments.of("type", (UnaryOperator<ObjectNode>) t -> t.put("type", "audit.other")),
                Arguments.of("target", (UnaryOperator<ObjectNode>) t -> t.put("target", "someone")),
                Arguments.of("runId", (UnaryOperator<ObjectNode>) t -> t.put("runId", "run-other")),
                Arguments.of("causedBy", (UnaryOperator<ObjectNode>) t -> t.put("causedBy", "evt-other")),
                Arguments.of("boundary", (UnaryOperator<ObjectNode>) t -> t.put("boundary", "extra")),
                Arguments.of("timestamp", (UnaryOperator<ObjectNode>) t -> t.put("timestamp",
                        EnvelopeCodec.timestamp(Instant.parse(t.get("timestamp").stringValue()).plusMillis(1)))),
                Arguments.of("data", (UnaryOperator<ObjectNode>) t -> {
                    ((ObjectNode) t.get("data")).put("n", 2);
                    return t;
                }),
                Arguments.of("signature", (UnaryOperator<ObjectNode>) t -> t.put("signature",
                        new StringBuilder(t.get("signature").stringValue()).reverse().toString())));
    }

    @ParameterizedTest(name = "tampered {0} → 400 bad-signature")
    @MethodSource("tamperings")
    void tamperingWithAnyFieldIsRejected(String field, UnaryOperator<ObjectNode> tamper) {
        long before = rejections("bad-signature");
        Envelope signed = signer.sign(envelope(source(), "audit.entry", null, Map.of("n", 1)));
        ObjectNode tree = codec.toTree(signed);
        HttpResponse<String> response = publish(codec.mapper().writeValueAsString(tamper.apply(tree)));
        assertProblem(response, 400);
        assertThat(response.body()).contains("\"reason\":\"bad-signature\"");
        assertThat(rejections("bad-signature")).isEqualTo(before + 1);
    }

    @Test
    void aSourceChangeIsImpersonationOrBadSignatureNeverAccepted() {
        // Changing the source to another node the caller owns still breaks the signature.
        String mine = source();
        String alsoMine = source();
        Envelope signed = signer.sign(envelope(mine, "audit.entry", null, Map.of()));
        HttpResponse<String> response = publish(codec.mapper().writeValueAsString(codec.toTree(signed).put("source", alsoMine)));
        assertProblem(response, 400);
        assertThat(response.body()).contains("bad-signature");
    }

    @Test
    void replaysOutsideTheWindowAreRejectedBothWays() {
        String source = source();
        double before = meters.counter("network.events.rejected", "reason", "outside-window", "channel", "rest").count();
        for (Duration skew : List.of(Duration.ofMinutes(-6), Duration.ofMinutes(6))) {
            Envelope stale = signer.sign(envelope(source, "audit.entry", null, Map.of())
                    .withTimestamp(EnvelopeCodec.timestamp(Instant.now().plus(skew))));
            HttpResponse<String> response = publish(codec.write(stale));
            assertProblem(response, 400);
            assertThat(response.body()).contains("\"reason\":\"outside-window\"");
        }
        assertThat(meters.counter("network.events.rejected", "reason", "outside-window", "channel", "rest").count())
                .isEqualTo(before + 2);
    }

    @Test
    void aReplayInsideTheWindowIsRejectedById() {
        Envelope signed = signer.sign(envelope(source(), "audit.entry", null, Map.of()));
        expect(publish(codec.write(signed)), 202);
        HttpResponse<String> again = publish(codec.write(signed));
        assertProblem(again, 409);
        assertThat(again.body()).contains("\"reason\":\"duplicate\"");
    }

    @Test
    void anUnknownSourceIsRejected() {
        HttpResponse<String> response = publish(codec.write(signer.sign(envelope(unique("ghost"), "audit.entry", null, Map.of()))));
        assertProblem(response, 400);
        assertThat(response.body()).contains("\"reason\":\"unknown-source\"");
    }

    @Test
    void publishingAsANodeYouDoNotOwnIsImpersonationOverRest() {
        String victim = source();
        long before = rejections("impersonation");
        // Signed correctly (a service holding the shared secret) but sent by someone who does not own the node.
        HttpResponse<String> signedByOther = post("/api/events", codec.write(signer.sign(envelope(victim, "audit.entry", null, Map.of()))),
                user("mallory", "cap:network.events.write"));
        assertProblem(signedByOther, 403);
        assertThat(signedByOther.body()).contains("\"reason\":\"impersonation\"");
        // The unsigned REST shape is held to the same rule.
        HttpResponse<String> unsigned = post("/api/events", toJson(Map.of("payload", Map.of("type", "audit.entry", "data", 1),
                "source", victim, "runId", "r1")), user("mallory", "cap:network.events.write"));
        assertProblem(unsigned, 403);
        assertThat(rejections("impersonation")).isEqualTo(before + 2);
    }

    @Test
    void aSocketMayOnlyPublishAsItsOwnNode() throws Exception {
        String me = unique("svc-me");
        String victim = source();
        try (RawSocket socket = new RawSocket(port, service(me))) {
            socket.send("{\"op\":\"publish\",\"event\":" + codec.write(signer.sign(envelope(me, "x.y", null, Map.of()))) + "}");
            JsonNode early = socket.awaitOp("ack");
            assertThat(early.get("ok").booleanValue()).isFalse();
            assertThat(early.get("code").stringValue()).isEqualTo("not-registered");

            socket.send("{\"op\":\"register\",\"node\":{\"id\":\"" + me + "\",\"type\":\"service\"}}");
            assertThat(socket.awaitOp("registered").get("node").get("id").stringValue()).isEqualTo(me);

            Envelope forged = signer.sign(envelope(victim, "x.y", null, Map.of()));
            socket.send("{\"op\":\"publish\",\"event\":" + codec.write(forged) + "}");
            JsonNode nack = socket.awaitOp("ack");
            assertThat(nack.get("ok").booleanValue()).isFalse();
            assertThat(nack.get("ref").stringValue()).isEqualTo(forged.id());
            assertThat(nack.get("code").stringValue()).isEqualTo("impersonation");

            Envelope own = signer.sign(envelope(me, "x.y", null, Map.of()));
            socket.send("{\"op\":\"publish\",\"event\":" + codec.write(own) + "}");
            JsonNode ack = socket.awaitOp("ack");
            assertThat(ack.get("ok").booleanValue()).isTrue();
            assertThat(ack.get("status").stringValue()).isEqualTo("unrouted");

            socket.send("{\"op\":\"publish\",\"event\":" + codec.write(own.withSignature("0".repeat(64))) + "}");
            assertThat(socket.awaitOp("ack").get("code").stringValue()).isEqualTo("bad-signature");

            socket.send("this is not json");
            assertThat(socket.awaitOp("error").get("code").stringValue()).isEqualTo("malformed");
        }
    }

    @Test
    void aSocketCannotRegisterAnotherServicesNode() throws Exception {
        try (RawSocket socket = new RawSocket(port, service("messaging"))) {
            socket.send("{\"op\":\"register\",\"node\":{\"id\":\"identity\",\"type\":\"service\"}}");
            assertThat(socket.awaitOp("error").get("code").stringValue()).isEqualTo("forbidden");
            assertThat(socket.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
        }
        assertThat(get("/api/registry/nodes/identity", admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void anAgentNeedsTheEventsWriteCapabilityToPublish() throws Exception {
        String agent = unique("agent");
        try (RawSocket socket = new RawSocket(port, agent(agent))) {
            socket.send("{\"op\":\"register\",\"node\":{\"id\":\"" + agent + "\",\"type\":\"assistant\"}}");
            socket.awaitOp("registered");
            socket.send("{\"op\":\"publish\",\"event\":" + codec.write(signer.sign(envelope(agent, "x.y", null, Map.of()))) + "}");
            assertThat(socket.awaitOp("ack").get("code").stringValue()).isEqualTo("forbidden");
        }
        String granted = unique("agent");
        try (RawSocket socket = new RawSocket(port, agent(granted, "cap:network.events.write"))) {
            socket.send("{\"op\":\"register\",\"node\":{\"id\":\"" + granted + "\",\"type\":\"assistant\"}}");
            socket.awaitOp("registered");
            socket.send("{\"op\":\"publish\",\"event\":" + codec.write(signer.sign(envelope(granted, "x.y", null, Map.of()))) + "}");
            assertThat(socket.awaitOp("ack").get("ok").booleanValue()).isTrue();
        }
    }

    @Test
    void aSocketWithoutAPrincipalIsRefusedAtTheHandshake() throws Exception {
        try (RawSocket socket = new RawSocket(port, Map.of())) {
            assertThat(socket.handshakeStatus.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(401);
        }
    }

    @Test
    void aHandshakeMayCarryItsTokenAsAQueryParameter() throws Exception {
        String me = unique("svc-query");
        try (RawSocket socket = new RawSocket(port, "?token=" + IDENTITY.service(me).token(), Map.of())) {
            socket.send("{\"op\":\"register\",\"node\":{\"id\":\"" + me + "\",\"type\":\"service\"}}");
            assertThat(socket.awaitOp("registered").get("node").get("id").stringValue()).isEqualTo(me);
        }
        // Owned by the service the token named: its heartbeat is accepted, another service's is not.
        assertThat(post("/api/registry/nodes/" + me + "/heartbeat", null, service(me)).statusCode()).isEqualTo(200);
        assertProblem(post("/api/registry/nodes/" + me + "/heartbeat", null, service(unique("svc-other"))), 403);
    }

    @Test
    void aHandshakeWhoseCredentialDoesNotVerifyIsRefused() throws Exception {
        var me = IDENTITY.service(unique("svc-forged"));
        List<RawSocket> refused = List.of(
                new RawSocket(port, bearer(me.tamperedToken())),
                new RawSocket(port, bearer(me.tokenSignedWithWrongKey())),
                new RawSocket(port, "?token=" + me.tamperedToken(), Map.of()),
                new RawSocket(port, "?token=" + me.expiredToken(), Map.of()),
                // API keys never travel in URLs.
                new RawSocket(port, "?token=" + IDENTITY.user(unique("u")).superAdmin().apiKey(), Map.of()),
                new RawSocket(port, Map.of("X-Symbia-Principal", "service:" + me.id())));
        for (RawSocket socket : refused) {
            try (socket) {
                assertThat(socket.handshakeStatus.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(401);
            }
        }
    }

    @Test
    void theSocketNegotiatesNoCompression() throws Exception {
        // OkHttp, as every relay, asks for permessage-deflate; the network declines it (issue 26) and the socket works.
        String me = unique("svc-plain");
        try (RawSocket socket = new RawSocket(port, bearer(IDENTITY.service(me).token()))) {
            assertThat(socket.handshakeStatus.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(101);
            assertThat(socket.extensions.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
            socket.send("{\"op\":\"register\",\"node\":{\"id\":\"" + me + "\",\"type\":\"service\"}}");
            assertThat(socket.awaitOp("registered").get("node").get("id").stringValue()).isEqualTo(me);
        }
    }

    @Test
    void aRefusedHandshakeIsAProblem() {
        HttpResponse<String> response = get("/api/ws", Map.of());
        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(response.body()).contains("\"code\":\"unauthenticated\"");
    }

    @Test
    void rejectionsShowInTheStats() {
        long before = json(get("/api/events/stats", admin())).get("rejectedCount").longValue();
        publish(codec.write(signer.sign(envelope(unique("ghost"), "audit.entry", null, Map.of()))));
        assertThat(json(get("/api/events/stats", admin())).get("rejectedCount").longValue()).isEqualTo(before + 1);
    }
}
