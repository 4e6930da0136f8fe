package dev.symbia.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.test.auth.TestIdentity;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code ?access_token=} authenticates WebSocket upgrades only (browsers cannot set headers there).
 * OkHttp, because the JDK client refuses to send an {@code Upgrade} header.
 */
@SpringBootTest(classes = AuthTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"symbia.auth.public-paths=GET /api/open", "symbia.auth.internal-callers=integrations"})
class WebSocketTokenTests {

    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final TestIdentity IDENTITY = TestIdentity.shared();

    @LocalServerPort
    int port;

    private record Answer(int status, String contentType, String body) {
    }

    private Answer get(String pathAndQuery, String... headers) throws IOException {
        Request.Builder request = new Request.Builder().url("http://localhost:" + port + pathAndQuery);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (Response response = HTTP.newCall(request.build()).execute()) {
            return new Answer(response.code(), response.header("Content-Type", ""), response.body().string());
        }
    }

    @Test
    void anAccessTokenInTheQueryAuthenticatesAnUpgradeRequest() throws Exception {
        String token = IDENTITY.user("ws-user").member("orgA", "member").token();
        Answer answer = get("/api/whoami?access_token=" + token, "Upgrade", "websocket");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"id\":\"ws-user\"").contains("\"org\":\"orgA\"");
    }

    @Test
    void theQueryTokenIsIgnoredOnOrdinaryRequests() throws Exception {
        String token = IDENTITY.user("ws-user").member("orgA", "member").token();
        Answer answer = get("/api/whoami?access_token=" + token);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(get("/api/whoami?access_token=" + token, "Upgrade", "h2c").status()).isEqualTo(401);
    }

    @Test
    void aBadQueryTokenOnAnUpgradeIs401() throws Exception {
        var user = IDENTITY.user("ws-user").member("orgA", "member");
        for (String bad : new String[] {user.tamperedToken(), user.expiredToken(), "garbage"}) {
            Answer answer = get("/api/whoami?access_token=" + bad, "Upgrade", "websocket");
            assertThat(answer.status()).as(bad).isEqualTo(401);
            assertThat(answer.body()).contains("\"code\":\"unauthenticated\"");
        }
    }

    @Test
    void apiKeysAreNotTakenFromTheUrl() throws Exception {
        String key = IDENTITY.user("key-owner").member("orgA", "member").apiKey("cap:catalog.read");
        Answer answer = get("/api/whoami?access_token=" + key, "Upgrade", "websocket");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("X-API-Key");
    }

    @Test
    void theQueryTokenOutranksTheCookieButNotTheHeader() throws Exception {
        String queryUser = IDENTITY.user("query-user").member("orgA", "member").token();
        String cookieUser = IDENTITY.user("cookie-user").member("orgA", "member").token();
        String headerUser = IDENTITY.user("header-user").member("orgA", "member").token();
        assertThat(get("/api/whoami?access_token=" + queryUser, "Upgrade", "websocket", "Cookie", "token=" + cookieUser).body())
                .contains("\"id\":\"query-user\"");
        assertThat(get("/api/whoami?access_token=" + queryUser, "Upgrade", "websocket", "Authorization", "Bearer " + headerUser)
                .body()).contains("\"id\":\"header-user\"");
    }
}
