package dev.symbia.runtime.component;

import java.io.IOException;
import java.util.Optional;

/**
 * A user's own short-lived token in one org (libs/auth {@code ActingTokenClient} in the service): calls made with it
 * are authorised as that user by the callee, never with the runtime's rights. Empty when the user is no longer a
 * member of the org.
 */
@FunctionalInterface
public interface UserTokens {

    Optional<String> token(String userId, String orgId) throws IOException;
}
