package dev.symbia.network.policy;

import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.network.security.Principals;
import dev.symbia.web.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** Creating and changing policies; every field is validated on create and on patch alike. */
@Service
public class PolicyService {

    private static final Logger log = LoggerFactory.getLogger(PolicyService.class);

    private final PolicyStore policies;
    private final PolicyTable table;
    private final MeterRegistry meters;

    PolicyService(PolicyStore policies, PolicyTable table, MeterRegistry meters) {
        this.policies = policies;
        this.table = table;
        this.meters = meters;
    }

    public Policy create(SymbiaPrincipal principal, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("A policy object is required.");
        }
        try {
            Policy policy = new Policy(UUID.randomUUID(), name(body.get("name")), priority(body.get("priority"), 0),
                    PolicyJson.conditions(body.get("conditions")), PolicyJson.action(body.get("action")),
                    enabled(body.get("enabled"), true), Principals.key(principal), null, null);
            Policy created = policies.insert(policy);
            table.refresh(created.id());
            meters.counter("network.policy.created").increment();
            log.info("Policy {} '{}' ({}) created by {}", created.id(), created.name(), created.action().type().wire(), Principals.key(principal));
            return created;
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
    }

    /** Changes the fields present in {@code body}; absent ones keep their value. */
    public Policy patch(SymbiaPrincipal principal, UUID id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("A JSON object with the fields to change is required.");
        }
        Policy current = find(id);
        try {
            Policy changed = new Policy(id,
                    body.has("name") ? name(body.get("name")) : current.name(),
                    body.has("priority") ? priority(body.get("priority"), current.priority()) : current.priority(),
                    body.has("conditions") ? PolicyJson.conditions(body.get("conditions")) : current.conditions(),
                    body.has("action") ? PolicyJson.action(body.get("action")) : current.action(),
                    body.has("enabled") ? enabled(body.get("enabled"), current.enabled()) : current.enabled(),
                    current.createdBy(), current.createdAt(), null);
            Policy updated = policies.update(changed).orElseThrow(() -> ProblemException.notFound("Policy '" + id + "'"));
            table.refresh(id);
            meters.counter("network.policy.updated").increment();
            log.info("Policy {} updated by {}", id, Principals.key(principal));
            return updated;
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
    }

    public Policy find(UUID id) {
        return policies.find(id).orElseThrow(() -> ProblemException.notFound("Policy '" + id + "'"));
    }

    public List<Policy> all() {
        return policies.all();
    }

    public void delete(SymbiaPrincipal principal, UUID id) {
        if (!policies.delete(id)) {
            throw ProblemException.notFound("Policy '" + id + "'");
        }
        table.refresh(id);
        meters.counter("network.policy.deleted").increment();
        log.info("Policy {} deleted by {}", id, Principals.key(principal));
    }

    private static String name(JsonNode node) {
        if (node == null || !node.isString() || node.stringValue().isBlank() || node.stringValue().length() > 200) {
            throw new IllegalArgumentException("name must be a non-empty string of at most 200 characters.");
        }
        return node.stringValue().strip();
    }

    private static int priority(JsonNode node, int fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || Math.abs(node.intValue()) > 1_000_000) {
            throw new IllegalArgumentException("priority must be an integer between -1000000 and 1000000.");
        }
        return node.intValue();
    }

    private static boolean enabled(JsonNode node, boolean fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException("enabled must be true or false.");
        }
        return node.booleanValue();
    }
}
