package dev.symbia.logging.access;

import java.util.UUID;

/**
 * Who writes telemetry and the one org their writes land in: the system org for platform services,
 * the selected (and verified) org for users and agents. Request bodies never choose the org.
 *
 * @param principalId the writing principal (stamped as {@code created_by} on streams and metrics)
 * @param orgId       where every row of this request lands
 */
public record Writer(String principalId, UUID orgId) {

    /** The service name when a platform service writes ({@code service:<name>}), else null. */
    public String serviceName() {
        return principalId != null && principalId.startsWith("service:") ? principalId.substring("service:".length()) : null;
    }
}
