package dev.symbia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.e2e.support.Account;
import dev.symbia.e2e.support.Gateway;
import dev.symbia.e2e.support.StackExtension;
import dev.symbia.e2e.support.SymbiaStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18's last two gaps through the gateway: OpenAI SDKs retrieve a model as {@code GET /v1/models/{id}} with the
 * id's slash encoded ({@code sambanova%2F…}), and get OpenAI's {@code error} member on a refused credential so they
 * raise their authentication error with the reason; an encoded slash elsewhere is still refused.
 */
@ExtendWith(StackExtension.class)
class OpenAiModelIdIT {

    private static final String MODEL = "Meta-Llama-3.3-70B-Instruct";

    @Test
    void aProviderSlashModelIdSentEncodedIsFoundAndRefusalsSpeakOpenAi(SymbiaStack stack, Gateway gateway) {
        stack.provider().models(MODEL);
        try {
            Account account = Account.register(gateway, "model-id");

            Gateway.Response model = gateway.get("/v1/models/sambanova%2F" + MODEL, "Authorization", account.bearer());
            assertThat(model.status()).as("%s", model).isEqualTo(200);
            assertThat(model.json().path("id").asString()).isEqualTo("sambanova/" + MODEL);
            Gateway.Response unknown = gateway.get("/v1/models/sambanova%2FNo-Such-Model", "Authorization", account.bearer());
            assertThat(unknown.status()).as("%s", unknown).isEqualTo(404);
            assertThat(unknown.json().path("error").path("code").asString()).isEqualTo("model_not_found");

            Gateway.Response traversal = gateway.get("/v1/models/..%2F..%2Fapi%2Fusage", "Authorization", account.bearer());
            assertThat(traversal.status()).as("%s", traversal).isBetween(400, 404);
            assertThat(traversal.body()).doesNotContain("totals");

            Gateway.Response badKey = gateway.get("/v1/models", "Authorization", "Bearer not-a-token");
            assertThat(badKey.status()).isEqualTo(401);
            assertThat(badKey.isProblem()).isTrue();
            assertThat(badKey.json().path("error").path("type").asString()).isEqualTo("authentication_error");
            assertThat(badKey.json().path("error").path("message").asString()).contains("invalid or expired");
            Gateway.Response platform = gateway.get("/api/integrations/usage", "Authorization", "Bearer not-a-token");
            assertThat(platform.status()).isEqualTo(401);
            assertThat(platform.json().has("error")).as("platform endpoints keep plain problems").isFalse();
        } finally {
            stack.provider().models();
        }
    }
}
