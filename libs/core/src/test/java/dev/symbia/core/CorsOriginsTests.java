package dev.symbia.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorsOriginsTests {

    @Test
    void productionAllowsOnlyConfiguredOrigins() {
        assertThat(CorsOrigins.patterns("https://app.symbia.dev, *.example.com,https://x.io/", RuntimeMode.PRODUCTION))
                .containsExactly("https://app.symbia.dev", "https://*.example.com", "https://x.io");
    }

    @Test
    void developmentAlsoAllowsAnyLocalhostPort() {
        assertThat(CorsOrigins.patterns(null, RuntimeMode.DEVELOPMENT)).contains("http://localhost:[*]", "http://127.0.0.1:[*]");
        assertThat(CorsOrigins.patterns("", RuntimeMode.PRODUCTION)).isEmpty();
    }

    @Test
    void unknownModeIsProduction() {
        assertThat(RuntimeMode.parse("staging")).isEqualTo(RuntimeMode.PRODUCTION);
        assertThat(RuntimeMode.parse(null)).isEqualTo(RuntimeMode.PRODUCTION);
        assertThat(RuntimeMode.parse("development")).isEqualTo(RuntimeMode.DEVELOPMENT);
    }
}
