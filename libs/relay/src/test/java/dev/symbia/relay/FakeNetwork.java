package dev.symbia.relay;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the network speaking the relay protocol: acknowledges registrations and
 * publishes, records what it received, and can push frames or drop the connection.
 */
final class FakeNetwork implements AutoCloseable {

    final MockWebServer server = new MockWebServer();
    final List<JsonNode> registrations = new CopyOnWriteArrayList<>();
    final List<JsonNode> published = new CopyOnWriteArrayList<>();
    final List<String> replicas = new CopyOnWriteArrayList<>();
    final List<String> handshakeHeaders = new CopyOnWriteArrayList<>();
    final AtomicReference<WebSocket> current = new AtomicReference<>();
    private final JsonMapper mapper = JsonMapper.builder().build();
    volatile boolean acknowledge = true;

    FakeNetwork() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                handshakeHeaders.add(String.valueOf(request.getHeaders().get("X-Test-Credential")));
                return new MockResponse.Builder().webSocketUpgrade(new Listener()).build();
            }
        });
    }

    void start(int port) throws IOException {
        server.start(port);
    }

    int port() {
        return server.getPort();
    }

    void push(String frame) {
        current.get().send(frame);
    }

    void dropConnection() {
        current.get().close(1001, "going away");
    }

    @Override
    public void close() {
        server.close();
    }

    private final class Listener extends WebSocketListener {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            current.set(webSocket);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            JsonNode frame = mapper.readTree(text);
            switch (frame.get("op").stringValue()) {
                case "register" -> {
                    registrations.add(frame.get("node"));
                    replicas.add(frame.path("replica").asString(""));
                    webSocket.send("{\"op\":\"registered\",\"node\":" + frame.get("node") + "}");
                }
                case "publish" -> {
                    published.add(frame.get("event"));
                    if (acknowledge) {
                        webSocket.send("{\"op\":\"ack\",\"ref\":\"" + frame.get("event").get("id").stringValue()
                                + "\",\"ok\":true,\"status\":\"delivered\"}");
                    }
                }
                default -> {
                }
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(1000, null);
        }
    }
}
