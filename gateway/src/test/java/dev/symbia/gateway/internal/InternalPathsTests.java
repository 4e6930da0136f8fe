package dev.symbia.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InternalPathsTests {

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/identity/internal/credentials/u1/openai",
            "/api/identity/internal",
            "/api/identity/internal/",
            "/svc/identity/api/internal/x",
            "/api/integrations/INTERNAL/execute",
            "/api/integrations/Internal",
            "/api/identity%2Finternal%2Fx",
            "/api/identity%2finternal",
            "/api/identity/%69nternal/x",
            "/api/identity/%252Finternal%252Fx",
            "/api/identity/%25252Finternal",
            "/api/identity/./internal/x",
            "/api/identity/%2e/internal/x",
            "/api/identity//internal/x",
            "//internal/x",
            "/api/identity/x/../internal/y",
            "/api/identity/..%2Finternal/y",
            "/api/identity/internal;jsessionid=1/x",
            "/api/identity\\internal\\x",
            "/api/identity%5Cinternal",
            "/api/identity/internal%20/x",
    })
    void hidesEveryWayOfSpellingAnInternalSegment(String rawPath) {
        assertThat(InternalPaths.isInternal(rawPath)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/identity/internals",
            "/api/identity/international/x",
            "/api/catalog/resources/internal-notes",
            "/api/catalog/resources?tag=internal",
            "/api/catalog/resources/100%25",
            "/api/catalog/resources/%zz",
            "/api/messaging/send",
            "/",
            "",
    })
    void leavesOrdinaryPathsAlone(String rawPath) {
        assertThat(InternalPaths.isInternal(rawPath)).isFalse();
    }

    /** Broken escapes stay as they are (never an exception); valid ones decode as UTF-8. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"%2|%2", "%|%", "a%zzb|a%zzb", "%e2%82%ac|€", "%2fapi%2Finternal|/api/internal",
            "a%2|a%2", "%%41|%A"})
    void decodingIsLenient(String value, String decoded) {
        assertThat(InternalPaths.percentDecode(value)).isEqualTo(decoded);
    }
}
