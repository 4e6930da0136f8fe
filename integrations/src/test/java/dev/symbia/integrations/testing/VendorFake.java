package dev.symbia.integrations.testing;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A vendor API on MockWebServer (JFrog, Railway, Supabase): answers from a script, in order, or from a
 * function of the request when one is set; records what it received.
 */
public final class VendorFake {

    private final MockWebServer server = new MockWebServer();
    private final Queue<MockResponse> script = new ConcurrentLinkedQueue<>();
    private volatile Function<RecordedRequest, MockResponse> responder;

    public VendorFake() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Function<RecordedRequest, MockResponse> current = responder;
                if (current != null) {
                    MockResponse answer = current.apply(request);
                    if (answer != null) {
                        return answer;
                    }
                }
                MockResponse next = script.poll();
                return next != null ? next : response(500, "{\"errors\":[{\"status\":500,\"message\":\"fake: nothing scripted\"}]}");
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url(String path) {
        return server.url(path).toString();
    }

    public VendorFake enqueue(MockResponse response) {
        script.add(response);
        return this;
    }

    public VendorFake json(int status, String body, String... headerPairs) {
        MockResponse.Builder response = new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body(body);
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            response.addHeader(headerPairs[i], headerPairs[i + 1]);
        }
        return enqueue(response.build());
    }

    /** Answers with {@code responder} (null from it: the script). */
    public VendorFake respond(Function<RecordedRequest, MockResponse> responder) {
        this.responder = responder;
        return this;
    }

    public static MockResponse response(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    public RecordedRequest take() {
        try {
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("the fake vendor received no request");
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How many requests arrived that were not taken yet (drains them). */
    public int drain() {
        int count = 0;
        try {
            while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
                count++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return count;
    }

    public void reset() {
        script.clear();
        responder = null;
        drain();
    }
}
