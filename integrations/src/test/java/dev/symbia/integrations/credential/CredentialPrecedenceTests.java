package dev.symbia.integrations.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.provider.ProvidersProperties.ProviderSettings;
import dev.symbia.integrations.provider.ProvidersProperties;
import dev.symbia.test.auth.TestIdentity;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * user's own key → org-wide key → environment key, through the chain as the service assembles it
 * (vault, then environment), against libs/test's TestIdentity holding keys the way identity does and
 * asking for integrations' service token.
 */
class CredentialPrecedenceTests {

    private final TestIdentity identity = TestIdentity.create();
    private CredentialChain chain;

    @BeforeEach
    void setUp() {
        identity.credential("alice", "org-1", "sambanova", "sn-alice");
        identity.orgCredential("org-1", "sambanova", "sn-org-1");
        identity.orgCredential("org-1", "huggingface", "hf_org1");
        ProvidersProperties env = new ProvidersProperties("", Map.of(
                "sambanova", settings("sn-env"), "huggingface", settings("hf_env"), "openai", settings("sk-env"),
                "local", new ProviderSettings("", "", "", List.of(), false, true, true)));
        chain = new CredentialChain(List.of(
                new VaultCredentialSource(new OkHttpClient(), HttpUrl.get(identity.url()),
                        () -> identity.service("integrations").token(), JsonMapper.builder().build()),
                new EnvCredentialSource(env)));
    }

    @AfterEach
    void stop() {
        identity.close();
    }

    @Test
    void usersOwnKeyWinsOverOrgAndEnvironment() {
        assertThat(chain.find(new Account("org-1", "alice"), "sambanova"))
                .contains(new Credential("sn-alice", CredentialOrigin.USER));
    }

    @Test
    void orgWideKeyWinsOverEnvironment() {
        assertThat(chain.find(new Account("org-1", "bob"), "sambanova"))
                .contains(new Credential("sn-org-1", CredentialOrigin.ORG));
        assertThat(chain.find(new Account("org-1", "alice"), "huggingface"))
                .contains(new Credential("hf_org1", CredentialOrigin.ORG));
    }

    @Test
    void environmentKeyIsTheFallback() {
        assertThat(chain.find(new Account("org-2", "bob"), "sambanova"))
                .contains(new Credential("sn-env", CredentialOrigin.ENV));
        assertThat(chain.find(new Account("org-1", "alice"), "openai"))
                .contains(new Credential("sk-env", CredentialOrigin.ENV));
    }

    @Test
    void nothingAnywhereIsEmpty() {
        assertThat(chain.find(new Account("org-2", "bob"), "local")).isEmpty();
    }

    private static ProviderSettings settings(String key) {
        return new ProviderSettings(key, "", "", List.of(), true, true, true);
    }

    @Test
    void aServiceNotAllowedToReadTheVaultFallsBackToTheEnvironmentKey() {
        CredentialChain notAReader = new CredentialChain(List.of(
                new VaultCredentialSource(new OkHttpClient(), HttpUrl.get(identity.url()),
                        () -> identity.service("catalog").token(), JsonMapper.builder().build()),
                new EnvCredentialSource(new ProvidersProperties("", Map.of("sambanova", settings("sn-env"))))));
        assertThat(notAReader.find(new Account("org-1", "alice"), "sambanova"))
                .contains(new Credential("sn-env", CredentialOrigin.ENV));
    }
}
