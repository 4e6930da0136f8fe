import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A stand-in OpenAI-compatible provider for scripts/compose-smoke.sh, on the compose network only:
 * POST /v1/chat/completions answers with the SambaNova/OpenAI wire format (the same frames as
 * libs/test's Wire): streamed as server-sent events, one token every 300 ms so the smoke test can see
 * them arrive one by one, then the usage chunk and [DONE]; or one JSON completion without
 * "stream":true. Any bearer key is accepted, a missing one is refused with OpenAI's 401 body.
 * Plain JDK (com.sun.net.httpserver), no dependencies. Never part of a real deployment.
 */
public final class FakeProvider {

    static final String[] TOKENS = {"Hello", " from", " the", " fake", " provider"};

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", FakeProvider::chat);
        server.createContext("/health", exchange -> send(exchange, 200, "application/json", "{\"status\":\"ok\"}"));
        server.start();
        System.out.println("fake provider listening on " + port);
    }

    static void chat(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "application/json", "{\"error\":{\"message\":\"method not allowed\",\"type\":\"invalid_request_error\"}}");
            return;
        }
        if (auth == null || !auth.startsWith("Bearer ")) {
            send(exchange, 401, "application/json", "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
            return;
        }
        String model = field(request, "model", "fake-model");
        System.out.println("chat request for model " + model);
        if (!request.replace(" ", "").contains("\"stream\":true")) {
            send(exchange, 200, "application/json", "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":1737000000,"
                    + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                    + String.join("", TOKENS) + "\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":" + TOKENS.length + ",\"total_tokens\":" + (7 + TOKENS.length) + "}}");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            frame(out, chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", "null"));
            for (String token : TOKENS) {
                frame(out, chunk(model, "{\"content\":\"" + token + "\"}", "null"));
                Thread.sleep(300);
            }
            frame(out, chunk(model, "{}", "\"stop\""));
            frame(out, "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1737000000,\"model\":\"" + model
                    + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":" + TOKENS.length
                    + ",\"total_tokens\":" + (7 + TOKENS.length) + "}}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            System.out.println("client closed the stream");
        }
    }

    static String chunk(String model, String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1737000000,\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}";
    }

    static void frame(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The string value of a top-level field, good enough for a model name. */
    static String field(String json, String name, String fallback) {
        int key = json.indexOf("\"" + name + "\"");
        if (key < 0) {
            return fallback;
        }
        int start = json.indexOf('"', json.indexOf(':', key) + 1);
        int end = start < 0 ? -1 : json.indexOf('"', start + 1);
        return end < 0 ? fallback : json.substring(start + 1, end).replaceAll("[^A-Za-z0-9._/-]", "");
    }
}
