package dev.symbia.integrations.credential;

import dev.symbia.auth.Caller;
import java.util.Objects;

/**
 * Whom a call is made for: whose keys it uses (the user's own in identity's vault, else their org's, else the
 * platform's) and whom its usage is billed to. Derived from the request's {@link Caller}; work that outlives its
 * request (a deployment resumed by another replica, a broadcast for a stored message) names the account it recorded.
 *
 * @param orgId  the org the call is made in
 * @param userId the user the call is made for; for an agent its identity id (not its public {@code assistant:…}
 *               name), which is what identity's vault keys credentials by
 */
public record Account(String orgId, String userId) {

    public Account {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(userId, "userId");
    }

    public static Account of(Caller caller) {
        return new Account(caller.orgId(), caller.isAgent() ? caller.principal().id() : caller.actorId());
    }
}
