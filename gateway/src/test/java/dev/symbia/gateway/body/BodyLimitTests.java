package dev.symbia.gateway.body;

import static dev.symbia.gateway.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.FakeService;
import dev.symbia.gateway.support.GatewayTestSupport;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The shared test context limits bodies to 1 KB (the default is 12 MB). */
class BodyLimitTests extends GatewayTestSupport {

    private static final int LIMIT = 1024;

    @Test
    void declaredBodyOverTheLimitIs413AndNotForwarded() throws Exception {
        HttpResponse<String> response = send(request("/api/catalog/resources")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(LIMIT + 1)))
                .build());

        assertProblem(response, 413, "payload-too-large");
        assertThat(UPSTREAMS.totalRequestCount()).isZero();
    }

    @Test
    void chunkedBodyIsCutOffWhenItCrossesTheLimit() throws Exception {
        HttpResponse<String> response = send(request("/api/catalog/resources")
                .POST(chunked(bytes(4 * LIMIT)))
                .build());

        assertProblem(response, 413, "payload-too-large");
        // The service may have seen the start of the request, never the whole body.
        FakeService.Received received = UPSTREAMS.get(SymbiaService.CATALOG).pollRequest(Duration.ofSeconds(1));
        if (received != null) {
            assertThat(received.bodyError() != null || received.body().length < 4 * LIMIT).isTrue();
        }
    }

    @Test
    void bodiesWithinTheLimitArriveIntact() throws Exception {
        byte[] exact = bytes(LIMIT);
        assertThat(send(request("/api/catalog/resources").POST(HttpRequest.BodyPublishers.ofByteArray(exact)).build())
                .statusCode()).isEqualTo(200);
        assertThat(UPSTREAMS.get(SymbiaService.CATALOG).takeRequest().body()).isEqualTo(exact);

        byte[] streamed = bytes(LIMIT - 100);
        assertThat(send(request("/api/catalog/resources").POST(chunked(streamed)).build()).statusCode()).isEqualTo(200);
        FakeService.Received received = UPSTREAMS.get(SymbiaService.CATALOG).takeRequest();
        assertThat(received.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
        assertThat(received.body()).isEqualTo(streamed);
    }

    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        // No known length: the client sends Transfer-Encoding: chunked.
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }
}
