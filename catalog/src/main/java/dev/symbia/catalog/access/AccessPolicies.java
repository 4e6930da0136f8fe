package dev.symbia.catalog.access;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The reference's policies (§1.5): default (private), public (bootstrap) and org (graphs and contexts of an org). */
public final class AccessPolicies {

    public static final List<String> ACTIONS = List.of("read", "write", "publish", "sign", "certify", "delete");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AccessPolicies() {
    }

    public static ObjectNode defaultPolicy() {
        return policy("private", Map.of(
                "read", List.of("role:admin", "cap:registry.write"),
                "write", List.of("cap:registry.write", "role:admin"),
                "publish", List.of("cap:registry.publish", "role:publisher", "role:admin"),
                "sign", List.of("cap:registry.sign", "role:admin"),
                "certify", List.of("cap:registry.certify", "role:admin"),
                "delete", List.of("role:admin")));
    }

    public static ObjectNode publicPolicy() {
        ObjectNode policy = defaultPolicy();
        policy.put("visibility", "public");
        ((ObjectNode) policy.get("actions")).set("read", anyOf(List.of("public")));
        return policy;
    }

    /**
     * An org's own resource. Unlike the reference, members with {@code cap:registry.publish} in the org (its
     * admins) may publish, so an org graph can be published without a super admin ([GAP] §1.5).
     */
    public static ObjectNode orgPolicy(String orgId) {
        List<String> members = List.of("org:" + orgId, "role:member:" + orgId, "role:admin:" + orgId);
        return policy("org", Map.of(
                "read", members,
                "write", members,
                "publish", List.of("cap:registry.publish", "role:admin:" + orgId),
                "delete", List.of("role:admin:" + orgId)));
    }

    /** The visibility of a policy (private when absent). */
    public static String visibility(JsonNode policy) {
        JsonNode value = policy == null ? null : policy.get("visibility");
        return value == null || !value.isString() ? "private" : value.asString();
    }

    /** The {@code anyOf} list of an action; empty when the action is missing (then only super admins pass). */
    public static List<String> anyOf(JsonNode policy, String action) {
        JsonNode list = policy == null ? null : policy.path("actions").path(action).path("anyOf");
        if (list == null || !list.isArray()) {
            return List.of();
        }
        return list.valueStream().filter(JsonNode::isString).map(JsonNode::asString).toList();
    }

    private static ObjectNode policy(String visibility, Map<String, List<String>> actions) {
        ObjectNode policy = NODES.objectNode();
        policy.put("visibility", visibility);
        ObjectNode node = policy.putObject("actions");
        ACTIONS.stream().filter(actions::containsKey).forEach(action -> node.set(action, anyOf(actions.get(action))));
        return policy;
    }

    private static ObjectNode anyOf(List<String> values) {
        ObjectNode node = NODES.objectNode();
        ArrayNode list = node.putArray("anyOf");
        values.forEach(list::add);
        return node;
    }
}
