package dev.symbia.assistants.provenance;

import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public half of the provenance identity, so anyone can verify a reply's seal (public by design). */
@RestController
class ProvenanceController {

    private final ProvenanceKey key;

    ProvenanceController(ProvenanceKey key) {
        this.key = key;
    }

    @Operation(summary = "The Ed25519 public key that signs every reply's provenance envelope (no authentication)")
    @GetMapping("/api/provenance/key")
    Map<String, Object> key() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("signing", true);
        out.put("id", key.id());
        out.put("role", "assistants");
        out.put("fingerprint", key.fingerprint());
        out.put("publicKeyPem", key.publicKeyPem());
        out.put("algorithm", "ed25519");
        out.put("canonicalisation", "RFC 8785");
        out.put("note", "signature = base64 Ed25519 over the RFC 8785 canonical JSON of the envelope's body; "
                + "hash = sha256 hex of the same bytes");
        return out;
    }
}
