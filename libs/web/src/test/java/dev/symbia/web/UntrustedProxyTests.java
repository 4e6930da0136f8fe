package dev.symbia.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A peer outside SYMBIA_TRUSTED_PROXIES cannot choose the client address with X-Forwarded-For. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=webtest", "SYMBIA_TRUSTED_PROXIES=192.0.2.10/32"})
class UntrustedProxyTests {

    @LocalServerPort
    int port;

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/peer"))
                .header("X-Forwarded-For", "203.0.113.9").header("Forwarded", "for=198.51.100.7").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("203.0.113.9").doesNotContain("198.51.100.7")
                .containsPattern("127\\.0\\.0\\.1|0:0:0:0:0:0:0:1");
    }
}
