package dev.symbia.catalog.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The next-page link and the keyset cursor of list pages, without a server. */
class PageLinksTests {

    @Test
    void theNextLinkKeepsOtherParametersAndReplacesCursorAndLimit() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/resources");
        request.setServerName("catalog.example");
        request.setServerPort(5003);
        request.setQueryString("type=assistant&cursor=old&tag=a%20b&limit=10&status=published");

        assertThat(PageLinks.next(request, "NEXT", 50)).isEqualTo(
                "http://catalog.example:5003/api/resources?type=assistant&tag=a%20b&status=published&cursor=NEXT&limit=50");
    }

    @Test
    void aRequestWithoutQueryGetsOnlyCursorAndLimit() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/graphs");

        assertThat(PageLinks.next(request, "C", 5)).isEqualTo("http://localhost/api/graphs?cursor=C&limit=5");
    }

    @Test
    void aCursorRoundTripsToTheMicrosecond() {
        Cursor cursor = new Cursor(OffsetDateTime.of(2026, 12, 7, 10, 40, 1, 123_456_000, ZoneOffset.UTC), UUID.randomUUID());

        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void cursorsIssuedBeforeWithAnIsoInstantStillDecode() {
        UUID id = UUID.randomUUID();
        String old = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("2026-12-07T10:40:01.123456Z|" + id).getBytes(StandardCharsets.UTF_8));

        assertThat(Cursor.decode(old)).isEqualTo(
                new Cursor(OffsetDateTime.of(2026, 12, 7, 10, 40, 1, 123_456_000, ZoneOffset.UTC), id));
    }

    @Test
    void aForgedCursorIsRefused() {
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("12x|nope".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Cursor.decode(forged)).isInstanceOf(IllegalArgumentException.class);
    }
}
