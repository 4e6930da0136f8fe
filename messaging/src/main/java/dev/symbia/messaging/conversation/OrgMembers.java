package dev.symbia.messaging.conversation;

import dev.symbia.core.ProblemTypes;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Whether a principal named as a participant belongs to the conversation's org (issue 20, L1): asked of
 * identity's {@code GET /api/internal/orgs/{orgId}/principals/{principalId}} with this service's token, so a
 * user of another org, or an id that exists nowhere, cannot be added. The platform's assistants
 * ({@code assistant:*}, served by the assistants service to every org) are not identity principals and need
 * no lookup. When identity cannot answer, the request is refused with a 503 rather than let through.
 */
class OrgMembers {

    private static final Logger log = LoggerFactory.getLogger(OrgMembers.class);

    private final OkHttpClient http;
    private final HttpUrl identity;

    OrgMembers(OkHttpClient http, String identityUrl) {
        this.http = http;
        this.identity = HttpUrl.get(identityUrl);
    }

    /**
     * A 400 naming {@code field} ({@code []} becomes the index) unless every one of {@code principalIds} belongs to
     * {@code orgId}; {@code caller} (already known to be in the org) is not looked up.
     */
    void require(String orgId, List<String> principalIds, String field, String caller) {
        for (int i = 0; i < principalIds.size(); i++) {
            String principalId = principalIds.get(i);
            if (!principalId.equals(caller) && !principalId.startsWith("assistant:") && !isMember(orgId, principalId)) {
                String name = field.replace("[]", "[" + i + "]");
                throw RequestBodies.invalid("Field '" + name + "' must name a user or agent of the conversation's organization.",
                        List.of(Map.of("field", name, "message", "not a member of the conversation's organization")));
            }
        }
    }

    private boolean isMember(String orgId, String principalId) {
        HttpUrl url = identity.newBuilder().addPathSegments("api/internal/orgs").addPathSegment(orgId)
                .addPathSegment("principals").addPathSegment(principalId).build();
        try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (response.code() == 200) {
                return true;
            }
            if (response.code() == 404) {
                return false;
            }
            log.warn("identity answered {} to a membership lookup", response.code());
        } catch (IOException | RuntimeException e) {
            log.warn("identity could not be asked about a membership: {}", e.toString());
        }
        ProblemException unavailable = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE,
                "Service unavailable", "Participants cannot be checked right now; retry shortly.");
        unavailable.getHeaders().set("Retry-After", "5");
        throw unavailable;
    }
}
