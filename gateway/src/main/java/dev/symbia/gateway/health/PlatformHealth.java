package dev.symbia.gateway.health;

import java.util.Map;

/**
 * Body of {@code GET /api/health}: overall {@code up} only when every service is ready.
 *
 * @param status   {@code up} or {@code down}
 * @param services per service id, in the service map's order
 */
record PlatformHealth(String status, Map<String, ServiceHealth> services) {

    static final String UP = "up";
    static final String DOWN = "down";

    boolean isUp() {
        return UP.equals(status);
    }

    /** @param latencyMs how long the readiness call took, or how long it was given before being abandoned */
    record ServiceHealth(String status, long latencyMs) {
    }
}
