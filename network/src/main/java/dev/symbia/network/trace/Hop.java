package dev.symbia.network.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One step of an event's path.
 *
 * @param node       the node concerned (the target, or the source for decisions made before targeting)
 * @param timestamp  when the step happened
 * @param durationMs how long it took (deliveries)
 * @param action     deliver, drop, forward (routed elsewhere by policy), transform, log, fail
 * @param policyId   the policy that decided, if any
 * @param via        websocket or http, for deliveries
 * @param attempts   delivery attempts
 * @param detail     reason or note, safe to show
 * @param level      log level, for log steps
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hop(String node, Instant timestamp, long durationMs, String action, String policyId, String via,
        Integer attempts, String detail, String level) {

    public static Hop decision(String node, Instant at, String action, String policyId, String detail, String level) {
        return new Hop(node, at, 0, action, policyId, null, null, detail, level);
    }
}
