package dev.symbia.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTests {

    @Test
    void keepsSafeCallerIds() {
        assertThat(RequestIds.acceptOrMint("req-123_abc.def:9")).isEqualTo("req-123_abc.def:9");
    }

    @Test
    void replacesUnsafeOrOversizedIds() {
        assertThat(RequestIds.acceptOrMint("bad id\r\nX-Injected: 1")).doesNotContain("\n").hasSize(36);
        assertThat(RequestIds.acceptOrMint("a".repeat(129))).hasSize(36);
        assertThat(RequestIds.acceptOrMint("")).hasSize(36);
        assertThat(RequestIds.acceptOrMint(null)).hasSize(36);
    }

    @Test
    void mintedIdsDiffer() {
        assertThat(RequestIds.mint()).isNotEqualTo(RequestIds.mint());
    }
}
