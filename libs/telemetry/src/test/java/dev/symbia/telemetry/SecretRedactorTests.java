package dev.symbia.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SecretRedactorTests {

    private static final String API_KEY = "sk_" + "0123456789abcdef".repeat(4);
    private static final String JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXZhbHVl";

    @ParameterizedTest
    @ValueSource(strings = {"password", "currentPassword", "newPassword", "token", "access_token", "refreshToken",
            "apiKey", "api_key", "x-api-key", "http.request.header.authorization", "Authorization", "cookie",
            "http.request.header.cookie", "credential", "client_secret", "SESSION_SECRET", "CREDENTIAL_ENCRYPTION_KEY",
            "privateKey", "idToken"})
    void secretFieldNamesAreRecognised(String key) {
        assertThat(SecretRedactor.isSecretKey(key)).as(key).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen_ai.usage.input_tokens", "promptTokens", "completionTokens", "totalTokens",
            "http.route", "user.id", "org.id", "service.name", "model", "provider"})
    void ordinaryFieldNamesAreKept(String key) {
        assertThat(SecretRedactor.isSecretKey(key)).as(key).isFalse();
    }

    @Test
    void secretsInsideTextAreMasked() {
        String text = "calling with Authorization: Bearer abcdef123456 and key " + API_KEY
                + " token " + JWT + " password=hunter2 {\"apiKey\":\"live-key-1\"} /v1/x?token=qwerty12&page=2"
                + " hf_abcdefghijklmnopqrstuv";
        String redacted = SecretRedactor.redactText(text);
        assertThat(redacted)
                .doesNotContain("abcdef123456")
                .doesNotContain(API_KEY)
                .doesNotContain(JWT)
                .doesNotContain("hunter2")
                .doesNotContain("live-key-1")
                .doesNotContain("qwerty12")
                .doesNotContain("hf_abcdefghijklmnopqrstuv")
                .contains("page=2")
                .contains("calling with");
    }

    @Test
    void attributesLoseSecretValuesButKeepTheRest() {
        Attributes redacted = SecretRedactor.redact(Attributes.builder()
                .put("http.request.header.authorization", "Bearer abc.def.ghi")
                .put("password", "hunter2")
                .put("url.query", "apikey=" + API_KEY)
                .put("gen_ai.usage.input_tokens", 42L)
                .put("http.route", "/api/send")
                .build());
        assertThat(redacted.get(AttributeKey.stringKey("http.request.header.authorization"))).isEqualTo(SecretRedactor.MASK);
        assertThat(redacted.get(AttributeKey.stringKey("password"))).isEqualTo(SecretRedactor.MASK);
        assertThat(redacted.get(AttributeKey.stringKey("url.query"))).doesNotContain(API_KEY);
        assertThat(redacted.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(42L);
        assertThat(redacted.get(AttributeKey.stringKey("http.route"))).isEqualTo("/api/send");
    }
}
