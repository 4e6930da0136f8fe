package dev.symbia.integrations.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.caller.Caller;
import dev.symbia.integrations.provider.ProvidersProperties.ProviderSettings;
import dev.symbia.integrations.provider.ProvidersProperties;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * user's own key → org-wide key → environment key, through the chain as the service assembles it
 * (vault, then environment), against a fake identity that holds keys the way identity does.
 */
class CredentialPrecedenceTests {

    @StartStop
    private final MockWebServer identity = new MockWebServer();

    private CredentialChain chain;

    @BeforeEach
    void setUp() {
        // Identity's lookup: the user's own key first, else the org's org-wide one, else 404.
        Map<String, String> userKeys = Map.of("alice/sambanova", "sn-alice");
        Map<String, String> orgKeys = Map.of("org-1/sambanova", "sn-org-1", "org-1/huggingface", "hf_org1");
        identity.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                List<String> segments = request.getUrl().pathSegments();
                String user = segments.get(3);
                String provider = segments.get(4);
                String org = request.getUrl().queryParameter("orgId");
                if (userKeys.containsKey(user + "/" + provider)) {
                    return json("{\"apiKey\":\"" + userKeys.get(user + "/" + provider) + "\",\"isOrgWide\":false}");
                }
                if (orgKeys.containsKey(org + "/" + provider)) {
                    return json("{\"apiKey\":\"" + orgKeys.get(org + "/" + provider) + "\",\"isOrgWide\":true}");
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
        ProvidersProperties env = new ProvidersProperties("", Map.of(
                "sambanova", settings("sn-env"), "huggingface", settings("hf_env"), "openai", settings("sk-env"),
                "local", new ProviderSettings("", "", "", List.of(), false, true, true)));
        chain = new CredentialChain(List.of(
                new VaultCredentialSource(new OkHttpClient(), identity.url("/"), () -> "svc", JsonMapper.builder().build()),
                new EnvCredentialSource(env)));
    }

    @Test
    void usersOwnKeyWinsOverOrgAndEnvironment() {
        assertThat(chain.find(new Caller("alice", "org-1", "r1"), "sambanova"))
                .contains(new Credential("sn-alice", CredentialOrigin.USER));
    }

    @Test
    void orgWideKeyWinsOverEnvironment() {
        assertThat(chain.find(new Caller("bob", "org-1", "r2"), "sambanova"))
                .contains(new Credential("sn-org-1", CredentialOrigin.ORG));
        assertThat(chain.find(new Caller("alice", "org-1", "r3"), "huggingface"))
                .contains(new Credential("hf_org1", CredentialOrigin.ORG));
    }

    @Test
    void environmentKeyIsTheFallback() {
        assertThat(chain.find(new Caller("bob", "org-2", "r4"), "sambanova"))
                .contains(new Credential("sn-env", CredentialOrigin.ENV));
        assertThat(chain.find(new Caller("alice", "org-1", "r5"), "openai"))
                .contains(new Credential("sk-env", CredentialOrigin.ENV));
    }

    @Test
    void nothingAnywhereIsEmpty() {
        assertThat(chain.find(new Caller("bob", "org-2", "r6"), "local")).isEmpty();
    }

    private static ProviderSettings settings(String key) {
        return new ProviderSettings(key, "", "", List.of(), true, true, true);
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }
}
