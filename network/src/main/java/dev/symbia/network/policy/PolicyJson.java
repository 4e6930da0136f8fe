package dev.symbia.network.policy;

import dev.symbia.relay.EnvelopeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the JSON of conditions and actions, with every rule checked: the same code
 * validates a request and re-reads what was stored, so an invalid regex can never be stored.
 */
final class PolicyJson {

    static final int MAX_CONDITIONS = 20;
    static final int MAX_VALUE_LENGTH = 500;
    static final int MAX_STEPS = 50;
    static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_$@-]{1,100}(\\.[A-Za-z0-9_$@-]{1,100}){0,9}");

    private PolicyJson() {
    }

    static List<PolicyCondition> conditions(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_CONDITIONS) {
            throw new IllegalArgumentException("conditions must be an array of at most " + MAX_CONDITIONS + " conditions.");
        }
        List<PolicyCondition> conditions = new ArrayList<>();
        for (JsonNode item : node) {
            PolicyCondition.Field field = PolicyCondition.Field.parse(text(item, "field"));
            if (field == null) {
                throw new IllegalArgumentException("condition field must be one of source, target, eventType, boundary, runId.");
            }
            PolicyCondition.Operator operator = PolicyCondition.Operator.parse(text(item, "operator"));
            if (operator == null) {
                throw new IllegalArgumentException("condition operator must be one of eq, neq, contains, startsWith, regex.");
            }
            String value = text(item, "value");
            if (value == null || value.length() > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("condition value must be a string of at most " + MAX_VALUE_LENGTH + " characters.");
            }
            Pattern regex = null;
            if (operator == PolicyCondition.Operator.REGEX) {
                try {
                    regex = Pattern.compile(value);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("condition value is not a valid regular expression: " + e.getDescription() + ".");
                }
            }
            conditions.add(new PolicyCondition(field, operator, value, regex));
        }
        return List.copyOf(conditions);
    }

    static PolicyAction action(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("action must be an object with a type: allow, deny, route, transform or log.");
        }
        String type = text(node, "type");
        if (type == null) {
            throw new IllegalArgumentException("action.type must be allow, deny, route, transform or log.");
        }
        return switch (type) {
            case "allow" -> new PolicyAction(PolicyAction.Type.ALLOW, null, null, null, null);
            case "deny" -> {
                String reason = text(node, "reason");
                if (reason != null && reason.length() > 200) {
                    throw new IllegalArgumentException("action.reason must be at most 200 characters.");
                }
                yield new PolicyAction(PolicyAction.Type.DENY, reason, null, null, null);
            }
            case "route" -> {
                String to = text(node, "to");
                if (to == null || !EnvelopeCodec.NODE_ID.matcher(to).matches()) {
                    throw new IllegalArgumentException("action.to must be the node id to route to.");
                }
                yield new PolicyAction(PolicyAction.Type.ROUTE, null, to, null, null);
            }
            case "transform" -> new PolicyAction(PolicyAction.Type.TRANSFORM, null, null, steps(node.get("mapping")), null);
            case "log" -> {
                String level = text(node, "level");
                level = level == null ? "info" : level;
                if (!LEVELS.contains(level)) {
                    throw new IllegalArgumentException("action.level must be one of " + LEVELS + ".");
                }
                yield new PolicyAction(PolicyAction.Type.LOG, null, null, null, level);
            }
            default -> throw new IllegalArgumentException("action.type must be allow, deny, route, transform or log.");
        };
    }

    private static List<PolicyAction.TransformStep> steps(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_STEPS) {
            throw new IllegalArgumentException("action.mapping must be an array of 1 to " + MAX_STEPS
                    + " steps: {op:rename|copy,from,to}, {op:set,path,value}, {op:remove,path}.");
        }
        List<PolicyAction.TransformStep> steps = new ArrayList<>();
        for (JsonNode item : node) {
            String op = text(item, "op");
            PolicyAction.TransformStep step = switch (op == null ? "" : op) {
                case "rename", "copy" -> new PolicyAction.TransformStep(op, path(item, "from"), path(item, "to"), null, null);
                case "set" -> {
                    if (item.get("value") == null) {
                        throw new IllegalArgumentException("a set step needs a value.");
                    }
                    yield new PolicyAction.TransformStep(op, null, null, path(item, "path"), item.get("value"));
                }
                case "remove" -> new PolicyAction.TransformStep(op, null, null, path(item, "path"), null);
                default -> throw new IllegalArgumentException("mapping op must be rename, copy, set or remove.");
            };
            steps.add(step);
        }
        return List.copyOf(steps);
    }

    private static String path(JsonNode item, String field) {
        String value = text(item, field);
        if (value == null || !PATH.matcher(value).matches()) {
            throw new IllegalArgumentException("mapping " + field + " must be a dot-separated field path.");
        }
        return value;
    }

    static ArrayNode write(List<PolicyCondition> conditions, JsonMapper json) {
        ArrayNode array = json.createArrayNode();
        for (PolicyCondition condition : conditions) {
            array.addObject().put("field", condition.field().wire()).put("operator", condition.operator().wire())
                    .put("value", condition.value());
        }
        return array;
    }

    static ObjectNode write(PolicyAction action, JsonMapper json) {
        ObjectNode node = json.createObjectNode().put("type", action.type().wire());
        if (action.reason() != null) {
            node.put("reason", action.reason());
        }
        if (action.to() != null) {
            node.put("to", action.to());
        }
        if (action.level() != null) {
            node.put("level", action.level());
        }
        if (action.mapping() != null) {
            ArrayNode mapping = node.putArray("mapping");
            for (PolicyAction.TransformStep step : action.mapping()) {
                ObjectNode item = mapping.addObject().put("op", step.op());
                if (step.from() != null) {
                    item.put("from", step.from());
                }
                if (step.to() != null) {
                    item.put("to", step.to());
                }
                if (step.path() != null) {
                    item.put("path", step.path());
                }
                if (step.value() != null) {
                    item.set("value", step.value());
                }
            }
        }
        return node;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }
}
