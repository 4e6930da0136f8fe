package dev.symbia.integrations.caller;

import java.util.Objects;

/**
 * Who a provider call is made for: the user it is billed to and the org whose credentials, budget
 * and usage report it belongs to. Resolved once at the controller edge and passed explicitly to
 * everything below it, so nothing under the controllers reads security context or headers.
 *
 * @param userId    the acting user (or agent) id
 * @param orgId     the org the call is made in
 * @param requestId the request id, for usage rows and logs
 */
public record Caller(String userId, String orgId, String requestId) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(requestId, "requestId");
    }
}
