package dev.symbia.integrations.caller;

import dev.symbia.core.RequestIds;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.request.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * SCAFFOLD: replaced by libs/auth principal.
 *
 * <p>Until libs/auth is wired in, both public and internal callers are read from the
 * {@code X-Symbia-User-Id} / {@code X-Org-Id} headers, unauthenticated. When libs/auth lands:
 * {@link #caller} returns the authenticated principal's id and resolved org; {@link #actingFor}
 * requires a service principal (allow-listed: messaging, assistants, runtime) and keeps reading
 * the acting user and org from these headers, which are then the documented internal contract.
 */
@Component
class HeaderCallerResolver implements CallerResolver {

    // Ids are echoed into usage rows and logs: keep them short and boring.
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    @Override
    public Caller caller(HttpServletRequest request) {
        return fromHeaders(request); // SCAFFOLD: replaced by libs/auth principal
    }

    @Override
    public Caller actingFor(HttpServletRequest request) {
        return fromHeaders(request); // SCAFFOLD: service-token check arrives with libs/auth
    }

    private static Caller fromHeaders(HttpServletRequest request) {
        String userId = header(request, ACTING_USER_HEADER);
        String orgId = header(request, ORG_HEADER);
        return new Caller(userId, orgId, requestId(request));
    }

    private static String header(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        if (value == null || value.isBlank()) {
            throw ProblemException.unauthenticated("Missing " + name + ".");
        }
        if (!SAFE_ID.matcher(value).matches()) {
            throw ProblemException.badRequest(name + " is not a valid id.");
        }
        return value;
    }

    private static String requestId(HttpServletRequest request) {
        return request.getAttribute(RequestIdFilter.ATTRIBUTE) instanceof String id ? id : RequestIds.mint();
    }
}
