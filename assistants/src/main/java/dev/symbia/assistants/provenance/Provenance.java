package dev.symbia.assistants.provenance;

import dev.symbia.relay.Jcs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every reply's provenance envelope (reference §3.8): the arena classification, the steps with their output
 * digests, the rule and the assistant, sealed with {@code hash} = sha256 hex over the RFC 8785 canonical JSON of
 * the body (libs/relay's {@link Jcs}) and an Ed25519 {@code signature} (base64) over the same bytes.
 */
@Component
public class Provenance {

    private final ProvenanceKey key;
    private final JsonMapper json;
    private final Clock clock;

    Provenance(ProvenanceKey key, JsonMapper json) {
        this.key = key;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /** What a reply was made from. {@code steps} are the engine's provenance steps. */
    public record Reply(String content, Map<String, Object> fields, boolean contentFromModel, boolean refusal,
            List<Map<String, Object>> steps, String rule, String assistant, String runId, String causedBy,
            String delegation) {
    }

    /**
     * A delegation record (reference §3.8) for a routed message: who handed it to whom, why and how the decision
     * was made (addressed / declaration / classifier are reproducible), sealed with a sha256 hash that the
     * specialist's envelope carries.
     */
    public Map<String, Object> delegation(String from, String to, String reason, String method, String causedBy) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("from", from);
        record.put("to", to);
        record.put("reason", reason);
        record.put("decidedBy", "assistant:" + from);
        record.put("method", method);
        record.put("causedBy", causedBy);
        record.put("timestamp", clock.instant().toString());
        record.put("hash", sha256(Jcs.canonicalBytes(json.valueToTree(record))));
        return record;
    }

    /** The sealed envelope: {@code {body, hash, signature, signedBy, algorithm, basis}}. */
    public Map<String, Object> seal(Reply reply) {
        String arena = arena(reply);
        Map<String, Object> body = new LinkedHashMap<>();
        if (reply.fields() != null && !reply.fields().isEmpty()) {
            body.put("fields", reply.fields());
            body.put("presentation", reply.content());
            body.put("sealedOver", "fields");
        } else {
            body.put("content", reply.content());
            body.put("sealedOver", "content");
        }
        body.put("arena", arena);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Map<String, Object> s : reply.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("id", s.get("id"));
            step.put("action", s.get("action"));
            step.put("source", s.get("source"));
            step.put("ok", s.get("ok"));
            step.put("outputDigest", s.get("outputDigest"));
            step.put("by", "assistant:" + reply.assistant());
            steps.add(step);
        }
        body.put("steps", steps);
        body.put("rule", reply.rule());
        body.put("assistant", reply.assistant());
        body.put("runId", reply.runId());
        body.put("causedBy", reply.causedBy());
        body.put("delegation", reply.delegation());
        body.put("timestamp", clock.instant().toString());
        Map<String, Object> envelope = signed(body);
        envelope.put("basis", basis(arena, reply));
        return envelope;
    }

    /**
     * Seals a record that must not change once posted (an operator card in its final state): {@code body} as
     * given plus a timestamp, hashed and signed as a reply's envelope, so anyone can check it with the public key.
     */
    public Map<String, Object> sealRecord(Map<String, Object> record) {
        Map<String, Object> body = new LinkedHashMap<>(record);
        body.put("timestamp", clock.instant().toString());
        return signed(body);
    }

    private Map<String, Object> signed(Map<String, Object> body) {
        byte[] canonical = Jcs.canonicalBytes(json.valueToTree(body));
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("body", body);
        envelope.put("hash", sha256(canonical));
        envelope.put("signature", Base64.getEncoder().encodeToString(key.sign(canonical)));
        envelope.put("signedBy", key.id());
        envelope.put("algorithm", "ed25519");
        envelope.put("canonicalisation", "RFC 8785");
        return envelope;
    }

    /** Re-computes the hash and checks the signature of an envelope produced by {@link #seal}. */
    public boolean verify(Map<String, Object> envelope) {
        byte[] canonical = Jcs.canonicalBytes(json.valueToTree(envelope.get("body")));
        return sha256(canonical).equals(envelope.get("hash"))
                && key.verify(canonical, Base64.getDecoder().decode(String.valueOf(envelope.get("signature"))));
    }

    /** The reference's arena rules, first that applies. */
    static String arena(Reply reply) {
        if (reply.refusal()) {
            return "REFUSED";
        }
        List<Map<String, Object>> steps = reply.steps();
        if (!steps.isEmpty() && steps.stream().noneMatch(s -> Boolean.TRUE.equals(s.get("ok")))) {
            return "REFUSED";
        }
        List<Map<String, Object>> ok = steps.stream().filter(s -> Boolean.TRUE.equals(s.get("ok"))).toList();
        boolean tool = ok.stream().anyMatch(s -> "tool.invoke".equals(s.get("action")));
        boolean retrieved = ok.stream().anyMatch(s -> "service.call".equals(s.get("action"))
                || "integration.invoke".equals(s.get("action")));
        boolean model = reply.contentFromModel();
        if (!tool && !retrieved && !model) {
            return "RETRIEVED";
        }
        if (!model && tool) {
            return "COMPUTED";
        }
        if (!model) {
            return "RETRIEVED";
        }
        if (tool || retrieved) {
            return "COMPOSED";
        }
        return "GENERATED";
    }

    private static String basis(String arena, Reply reply) {
        return switch (arena) {
            case "COMPUTED" -> "Computed deterministically by tools in rule " + reply.rule() + ".";
            case "RETRIEVED" -> "Authored or retrieved text from rule " + reply.rule() + "; no model was involved.";
            case "COMPOSED" -> "A model's text combined with deterministic steps in rule " + reply.rule() + ".";
            case "GENERATED" -> "Generated by a model in rule " + reply.rule() + "; not deterministic.";
            default -> "Refused: no step produced a trustworthy answer.";
        };
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
