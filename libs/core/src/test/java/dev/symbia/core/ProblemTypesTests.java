package dev.symbia.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ProblemTypesTests {

    @Test
    void typeUrisLiveUnderTheSharedBase() {
        assertThat(ProblemTypes.uri(ProblemTypes.QUOTA_EXCEEDED))
                .isEqualTo(URI.create("https://symbia.dev/problems/quota-exceeded"));
        assertThat(ProblemTypes.uri(ProblemTypes.CONTENT_FILTERED))
                .isEqualTo(URI.create("https://symbia.dev/problems/content-filtered"));
        assertThat(ProblemTypes.uri(ProblemTypes.PROVIDER_CREDENTIALS))
                .isEqualTo(URI.create("https://symbia.dev/problems/provider-credentials"));
    }

    @Test
    void statusesMapToTheirSlugs() {
        assertThat(ProblemTypes.forStatus(400)).isEqualTo(ProblemTypes.MALFORMED_REQUEST);
        assertThat(ProblemTypes.forStatus(401)).isEqualTo(ProblemTypes.UNAUTHENTICATED);
        assertThat(ProblemTypes.forStatus(402)).isEqualTo(ProblemTypes.QUOTA_EXCEEDED);
        assertThat(ProblemTypes.forStatus(429)).isEqualTo(ProblemTypes.RATE_LIMITED);
        assertThat(ProblemTypes.forStatus(502)).isEqualTo(ProblemTypes.BAD_GATEWAY);
        assertThat(ProblemTypes.forStatus(503)).isEqualTo(ProblemTypes.UNAVAILABLE);
        assertThat(ProblemTypes.forStatus(504)).isEqualTo(ProblemTypes.TIMEOUT);
        assertThat(ProblemTypes.forStatus(500)).isEqualTo(ProblemTypes.INTERNAL);
        assertThat(ProblemTypes.forStatus(418)).isEqualTo(ProblemTypes.MALFORMED_REQUEST);
    }
}
