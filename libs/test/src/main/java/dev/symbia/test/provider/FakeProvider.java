package dev.symbia.test.provider;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * A local stand-in for an OpenAI-compatible provider on MockWebServer: answers {@code POST
 * …/chat/completions} from a script of responses (one per call, in order), {@code GET …/models}
 * with a fixed list, and records what it received.
 */
public final class FakeProvider implements Closeable {

    private final MockWebServer server = new MockWebServer();
    private final Queue<MockResponse> script = new ConcurrentLinkedQueue<>();
    private volatile String modelsJson = "{\"object\":\"list\",\"data\":[]}";
    private volatile int modelsStatus = 200;
    private final AtomicInteger modelListings = new AtomicInteger();

    public FakeProvider() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if ("GET".equals(request.getMethod()) && request.getUrl().encodedPath().endsWith("/models")) {
                    modelListings.incrementAndGet();
                    return json(modelsStatus, modelsJson);
                }
                MockResponse next = script.poll();
                return next != null ? next : json(500, "{\"error\":{\"message\":\"fake provider: no scripted response\"}}");
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base URL of the fake's OpenAI-style API ({@code http://127.0.0.1:port/v1}). */
    public String baseUrl() {
        return server.url("/v1").toString();
    }

    public FakeProvider models(String... ids) {
        StringBuilder data = new StringBuilder();
        for (String id : ids) {
            data.append(data.isEmpty() ? "" : ",").append("{\"id\":\"").append(id).append("\",\"object\":\"model\"}");
        }
        modelsJson = "{\"object\":\"list\",\"data\":[" + data + "]}";
        modelsStatus = 200;
        return this;
    }

    /** Answers {@code GET …/models} with this status and body from now on (e.g. a 503 outage). */
    public FakeProvider modelsAnswer(int status, String jsonBody) {
        modelsStatus = status;
        modelsJson = jsonBody;
        return this;
    }

    /** How many times {@code GET …/models} was asked since this fake started. */
    public int modelListings() {
        return modelListings.get();
    }

    public FakeProvider stream(ScriptedBody body) {
        MockResponse.Builder response = new MockResponse.Builder().code(200)
                .addHeader("Content-Type", "text/event-stream; charset=utf-8")
                .addHeader("Cache-Control", "no-cache")
                .addHeader("Transfer-Encoding", "chunked")
                .body(body);
        if (body.isCut()) {
            response.onResponseEnd(new SocketEffect.CloseSocket(true, false, false));
        }
        return enqueue(response.build());
    }

    /** Answers the next chat call with headers (and {@code held}'s frames), then holds it silent. */
    public FakeProvider hold(HeldStream held) {
        return enqueue(new MockResponse.Builder().code(200)
                .addHeader("Content-Type", "text/event-stream; charset=utf-8")
                .addHeader("Cache-Control", "no-cache")
                .addHeader("Transfer-Encoding", "chunked")
                .socketHandler(held)
                .build());
    }

    public FakeProvider error(int status, String jsonBody, String... headerPairs) {
        MockResponse.Builder builder = new MockResponse.Builder().code(status)
                .addHeader("Content-Type", "application/json").body(jsonBody);
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            builder.addHeader(headerPairs[i], headerPairs[i + 1]);
        }
        return enqueue(builder.build());
    }

    public FakeProvider enqueue(MockResponse response) {
        script.add(response);
        return this;
    }

    /** Forgets scripted answers and recorded requests (between tests sharing one fake). */
    public void reset() {
        script.clear();
        try {
            while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
                // drain
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public RecordedRequest takeRequest() {
        try {
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("the fake provider received no request");
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Chat requests received so far (model listings excluded), without waiting. */
    public List<RecordedRequest> drainChatRequests() {
        List<RecordedRequest> requests = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                if ("POST".equals(request.getMethod())) {
                    requests.add(request);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return requests;
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
