package dev.symbia.bench.stack;

import static dev.symbia.bench.stack.Stack.log;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One registered user (admin of the org it registers); its access token is renewed by a login well before it expires. */
public final class StackUser {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String gateway;
    private final String email;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private long obtained;
    private long lifetimeNanos;

    private StackUser(String gateway, String email, String password) {
        this.gateway = gateway;
        this.email = email;
        this.password = password;
    }

    public static StackUser register(String gateway, String prefix) throws IOException, InterruptedException {
        String email = prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@symbia.test";
        StackUser user = new StackUser(gateway, email, "Bench-" + UUID.randomUUID() + "-pw1!");
        String body = JSON.writeValueAsString(Map.of("email", email, "password", user.password,
                "name", "Chat Bench", "orgName", "Chat Bench Org"));
        HttpResponse<String> response = user.post("/api/identity/auth/register", body);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("register: HTTP " + response.statusCode() + " " + response.body());
        }
        user.take(JSON.readTree(response.body()));
        log("registered %s", email);
        return user;
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void take(JsonNode answer) {
        token = answer.path("token").asString();
        if (token == null || token.isEmpty()) {
            throw new IllegalStateException("no token in " + answer);
        }
        long expiresIn = answer.path("expiresIn").asLong(900);
        lifetimeNanos = Duration.ofSeconds(Math.max(60, expiresIn)).toNanos();
        obtained = System.nanoTime();
    }

    public synchronized String token() {
        if (System.nanoTime() - obtained > lifetimeNanos / 2) {
            try {
                String body = JSON.writeValueAsString(Map.of("email", email, "password", password));
                HttpResponse<String> response = post("/api/identity/auth/login", body);
                if (response.statusCode() == 200) {
                    take(JSON.readTree(response.body()));
                    log("token renewed by login");
                } else {
                    log("login to renew the token: HTTP %d", response.statusCode());
                }
            } catch (IOException e) {
                log("login to renew the token failed: %s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return token;
    }
}

