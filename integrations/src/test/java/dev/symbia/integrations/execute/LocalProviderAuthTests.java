package dev.symbia.integrations.execute;

import static dev.symbia.test.provider.Wire.sambaReply;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.symbia.integrations.testing.GatewayTestSupport;
import java.net.http.HttpResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The local provider is the models service, which refuses anonymous calls and applies the caller's org
 * model policy: every call to it carries integrations' service token and the org and user it acts for
 * (models/README.md "For integrations' local provider"). Other providers never see those headers.
 */
class LocalProviderAuthTests extends GatewayTestSupport {

    private static final String LOCAL_MODEL = "llama-3-2-1b-instruct-q4-k-m";

    @Test
    void chatAndModelListingToTheModelsServiceCarryServiceTokenOrgAndUser() throws Exception {
        LOCAL.stream(sambaReply(LOCAL_MODEL, true, "Hi"));

        HttpResponse<String> response = post("/api/execute", chat(",\"provider\":\"local\"", ""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).path("content").asString()).isEqualTo("Hi");
        RecordedRequest listing = LOCAL.takeRequest();
        assertThat(listing.getMethod()).isEqualTo("GET");
        assertActingFor(listing);
        RecordedRequest chat = LOCAL.takeRequest();
        assertThat(chat.getMethod()).isEqualTo("POST");
        assertThat(chat.getUrl().encodedPath()).endsWith("/chat/completions");
        assertActingFor(chat);
    }

    @Test
    void theModelsServicesRefusalIsAProviderCredentialsProblem() throws Exception {
        LOCAL.error(401, "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401}");

        HttpResponse<String> response = post("/api/execute",
                chat(",\"provider\":\"local\"", ",\"model\":\"" + LOCAL_MODEL + "\""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(json(response.body()).path("category").asString()).isEqualTo("auth");
    }

    @Test
    void otherProvidersNeverSeeTheServiceTokenOrActingHeaders() throws Exception {
        SAMBANOVA.stream(sambaReply(SAMBA_MODEL, true, "Hi"));

        assertThat(post("/api/execute", chat("", "")).statusCode()).isEqualTo(200);

        RecordedRequest chat = SAMBANOVA.takeRequest();
        assertThat(chat.getHeaders().get("Authorization")).isEqualTo("Bearer " + SAMBA_KEY);
        assertThat(chat.getHeaders().get("X-Org-Id")).isNull();
        assertThat(chat.getHeaders().get("X-Symbia-User-Id")).isNull();
    }

    @Test
    void responseFormatIsRefusedForLocalBeforeAnyCall() throws Exception {
        HttpResponse<String> response = post("/api/execute", chat(",\"provider\":\"local\"",
                ",\"model\":\"" + LOCAL_MODEL + "\",\"responseFormat\":{\"type\":\"json_object\"}"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("local").contains("response_format");
        assertThat(LOCAL.drainChatRequests()).isEmpty();
    }

    private void assertActingFor(RecordedRequest request) throws Exception {
        String authorization = request.getHeaders().get("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        SignedJWT token = SignedJWT.parse(authorization.substring("Bearer ".length()));
        assertThat(token.getJWTClaimsSet().getSubject()).as("integrations' own service token").isEqualTo("integrations");
        assertThat(request.getHeaders().get("X-Org-Id")).isEqualTo(orgId);
        assertThat(request.getHeaders().get("X-Symbia-User-Id")).isEqualTo(userId);
    }
}
