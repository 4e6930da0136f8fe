package dev.symbia.network.security;

import dev.symbia.core.ProblemTypes;
import dev.symbia.web.problem.ProblemException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * Who is calling: a user, an agent or one of the platform services, with the capabilities they were
 * granted. Agents hold only what an org admin granted them; super admins pass every capability check.
 */
public record Caller(Kind kind, String id, String orgId, Set<String> capabilities, boolean superAdmin) {

    public enum Kind {
        USER, AGENT, SERVICE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Caller {
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    }

    /** The principal as one string, e.g. {@code service:messaging}; nodes record it as their owner. */
    public String key() {
        return kind.wire() + ":" + id;
    }

    public boolean can(String capability) {
        return superAdmin || capabilities.contains(capability);
    }

    /** Throws a 403 problem naming the missing capability. */
    public void require(String capability) {
        if (!can(capability)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
                    "This needs the capability " + capability + ".", Map.of("requiredCapability", capability));
        }
    }
}
