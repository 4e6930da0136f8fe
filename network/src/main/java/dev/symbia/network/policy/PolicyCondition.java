package dev.symbia.network.policy;

import java.util.regex.Pattern;

/** One test on an event's routing facts. A regex is compiled once, when the policy is created or loaded. */
public record PolicyCondition(Field field, Operator operator, String value, Pattern regex) {

    public enum Field {
        SOURCE("source"), TARGET("target"), EVENT_TYPE("eventType"), BOUNDARY("boundary"), RUN_ID("runId");

        private final String wire;

        Field(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Field parse(String value) {
            for (Field field : values()) {
                if (field.wire.equals(value)) {
                    return field;
                }
            }
            return null;
        }
    }

    public enum Operator {
        EQ("eq"), NEQ("neq"), CONTAINS("contains"), STARTS_WITH("startsWith"), REGEX("regex");

        private final String wire;

        Operator(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Operator parse(String value) {
            for (Operator operator : values()) {
                if (operator.wire.equals(value)) {
                    return operator;
                }
            }
            return null;
        }
    }

    /** An absent fact (no target) equals nothing, so only {@code neq} holds for it. */
    boolean test(String fact) {
        if (fact == null) {
            return operator == Operator.NEQ;
        }
        return switch (operator) {
            case EQ -> fact.equals(value);
            case NEQ -> !fact.equals(value);
            case CONTAINS -> fact.contains(value);
            case STARTS_WITH -> fact.startsWith(value);
            case REGEX -> regex.matcher(fact).find();
        };
    }
}
