package dev.symbia.messaging.conversation;

import dev.symbia.web.problem.ProblemException;
import java.util.Optional;
import java.util.UUID;

/** Path ids: anything that is not a UUID names nothing, so it is a 404 (never a 400 or a cast error). */
public final class Ids {

    private Ids() {
    }

    public static UUID require(String raw, String what) {
        return parse(raw).orElseThrow(() -> ProblemException.notFound(what));
    }

    public static Optional<UUID> parse(String raw) {
        if (raw == null || raw.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
