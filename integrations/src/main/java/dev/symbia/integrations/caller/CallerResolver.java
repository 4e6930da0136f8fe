package dev.symbia.integrations.caller;

import dev.symbia.core.PlatformHeaders;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Turns an incoming request into a {@link Caller}. The only place that knows how callers are
 * authenticated; controllers ask it and pass the result on.
 */
public interface CallerResolver {

    /** The user calling a public endpoint ({@code /api/**}, {@code /v1/**}). */
    Caller caller(HttpServletRequest request);

    /**
     * A platform service calling {@code /api/internal/**} on behalf of a user: the service is
     * authenticated, the user and org it acts for are stated explicitly in the call
     * ({@value #ACTING_USER_HEADER} and {@value #ORG_HEADER}).
     */
    Caller actingFor(HttpServletRequest request);

    String ACTING_USER_HEADER = PlatformHeaders.ACTING_USER;
    String ORG_HEADER = PlatformHeaders.ORG;
}
