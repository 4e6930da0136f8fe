package dev.symbia.integrations.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.integrations.stream.ErrorCategory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamErrorsTests {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "400 | context_length_exceeded: too many tokens | VALIDATION",
            "400 | invalid_request_error flagged by content_filter | CONTENT_FILTER",
            "401 | invalid api key, check billing | AUTH",
            "402 | | QUOTA",
            "403 | forbidden | AUTH",
            "404 | model_not_found | NOT_FOUND",
            "408 | | TIMEOUT",
            "410 | model retired | NOT_FOUND",
            "422 | unprocessable | VALIDATION",
            "429 | rate_limit_exceeded | RATE_LIMIT",
            "429 | insufficient_quota: You exceeded your current quota | QUOTA",
            "500 | | PROVIDER",
            "502 | | PROVIDER",
            "503 | | UNAVAILABLE",
            "504 | queue full | TIMEOUT",
            "0 | server_error | PROVIDER",
            "0 | rate_limit | RATE_LIMIT",
    })
    void categorisesStatusesAndHints(int status, String hints, ErrorCategory expected) {
        assertThat(UpstreamErrors.categorise(status, hints == null ? "" : hints)).isEqualTo(expected);
    }

    @Test
    void retryAfterAcceptsSecondsAndDatesAndIgnoresJunk() {
        assertThat(UpstreamErrors.retryAfter("12")).isEqualTo(Duration.ofSeconds(12));
        assertThat(UpstreamErrors.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(UpstreamErrors.retryAfter("999999999")).isEqualTo(Duration.ofDays(1));
        assertThat(UpstreamErrors.retryAfter("soon")).isNull();
        assertThat(UpstreamErrors.retryAfter(null)).isNull();
    }

    @Test
    void safeTextRedactsSecretsAndBoundsLength() {
        String secret = "sn-live-9f8e7d6c5b4a";
        String cleaned = SafeText.clean("bad key " + secret + " / Bearer abc.def / sk-proj-abcdefghijkl / hf_AbCdEfGhIjKl "
                + "x".repeat(40) + "\u0007 end", secret);
        assertThat(cleaned).doesNotContain(secret, "abc.def", "sk-proj", "hf_AbCd", "xxxxxxxx", "\u0007").endsWith("end");
        assertThat(SafeText.clean("word ".repeat(200), null)).hasSize(SafeText.MAX_LENGTH);
        assertThat(SafeText.clean("   ", null)).isNull();
    }
}
