package dev.symbia.models;

import dev.symbia.test.auth.TestIdentity;
import dev.symbia.test.auth.TestPrincipal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running models service (real HTTP, real PostgreSQL, real llama.cpp) over a models directory holding two tiny
 * GGUF models written by {@link TinyGguf} — {@code tiny-chat} with a ChatML template in its metadata, {@code tiny-b}
 * without one — a tiny BERT encoder ({@code tiny-embed}, embeddings only), plus a file that is not GGUF at all. The catalog is a MockWebServer. One model is resident at a
 * time, and one request may wait per model, so LRU and the queue limit are reachable with two requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ModelsTestSupport {

    protected static final String CHAT = "tiny-chat";
    protected static final String OTHER = "tiny-b";
    /** A BERT-architecture encoder: embeddings only. */
    protected static final String EMBED = "tiny-embed";
    protected static final Path DIR;
    protected static final MockWebServer CATALOG = new MockWebServer();
    protected static final List<RecordedRequest> CATALOG_REQUESTS = new java.util.concurrent.CopyOnWriteArrayList<>();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final TestIdentity IDENTITY = TestIdentity.shared();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static {
        try {
            DIR = Files.createTempDirectory("symbia-models-test");
            TinyGguf.write(DIR.resolve("Tiny_Chat.gguf"), 42);
            TinyGguf.write(DIR.resolve("tiny-b.gguf"), 7, false);
            TinyGguf.writeBert(DIR.resolve("tiny-embed.gguf"), 5);
            Files.writeString(DIR.resolve("corrupt.gguf"), "this is not a model");
            Files.writeString(DIR.resolve("readme.txt"), "ignored");
            CATALOG.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    CATALOG_REQUESTS.add(request);
                    return new MockResponse.Builder().code(201).body("{}").build();
                }
            });
            CATALOG.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) {
        registry.add("symbia.models.path", DIR::toString);
        registry.add("symbia.models.max-loaded", () -> "1");
        registry.add("symbia.models.max-queue", () -> "1");
        registry.add("symbia.models.threads", () -> "2");
        registry.add("symbia.models.context-size", () -> "2048");
        registry.add("symbia.models.catalog-url", () -> CATALOG.url("/").toString());
        registry.add("symbia.relay.enabled", () -> "false");
        registry.add("symbia.models.hang-up-probe", () -> "20ms"); // long non-streamed replies probe within a test
    }

    @LocalServerPort
    protected int port;

    protected String orgId;
    /** A member of {@link #orgId}: may list and run models, not rescan, load or unload them. */
    protected TestPrincipal member;
    /** An admin of {@link #orgId}. */
    protected TestPrincipal admin;

    @BeforeEach
    void principals() {
        orgId = UUID.randomUUID().toString();
        member = IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "member");
        admin = IDENTITY.user(UUID.randomUUID().toString()).member(orgId, "admin");
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> post(String path, String body, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, member.bearer());
    }

    protected HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    /** The {@code data:} payloads of an SSE body, in order. */
    protected static List<String> dataFrames(String body) {
        List<String> frames = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            if (event.startsWith("data: ")) {
                frames.add(event.substring("data: ".length()));
            }
        }
        return frames;
    }

    protected static String chatBody(String model, String extra, String... userAndAssistant) {
        StringBuilder messages = new StringBuilder();
        for (int i = 0; i < userAndAssistant.length; i++) {
            if (i > 0) {
                messages.append(',');
            }
            messages.append("{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant").append("\",\"content\":")
                    .append(JSON.writeValueAsString(userAndAssistant[i])).append('}');
        }
        return "{\"model\":\"" + model + "\",\"messages\":[" + messages + "]" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    protected static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
