package dev.symbia.test.vendor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A third-party API the connectors call (JFrog, Railway, Supabase) on MockWebServer, answering in the vendor's wire
 * format: from a function of the request when one is set ({@link #respond}; null from it falls through), else from a
 * script in order ({@link #enqueue}, {@link #json}), else with {@link #otherwise} (by default a 500 saying nothing was
 * scripted). Every request is recorded: {@link #received()} keeps them all, {@link #take()} / {@link #drain()}
 * consume them in order.
 */
public final class VendorFake implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final Queue<MockResponse> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, MockResponse> responder;
    private volatile MockResponse otherwise =
            response(500, "{\"errors\":[{\"status\":500,\"message\":\"fake: nothing scripted\"}]}");

    public VendorFake() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                received.add(request);
                Function<RecordedRequest, MockResponse> current = responder;
                if (current != null) {
                    MockResponse answer = current.apply(request);
                    if (answer != null) {
                        return answer;
                    }
                }
                MockResponse next = script.poll();
                return next != null ? next : otherwise;
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return server.url(path).toString();
    }

    public VendorFake enqueue(MockResponse response) {
        script.add(response);
        return this;
    }

    /** Scripts a JSON answer, with headers as name/value pairs. */
    public VendorFake json(int status, String body, String... headerPairs) {
        MockResponse.Builder response = new MockResponse.Builder().code(status)
                .addHeader("Content-Type", "application/json").body(body);
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

    /** The answer when neither the responder nor the script has one. */
    public VendorFake otherwise(MockResponse answer) {
        this.otherwise = answer;
        return this;
    }

    /** A JSON answer. */
    public static MockResponse response(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** Every request that arrived so far, oldest first (whether taken or not). */
    public List<RecordedRequest> received() {
        return List.copyOf(received);
    }

    /** The oldest request not taken yet, waiting up to 5 s for one. */
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

    /** Forgets the script and the responder, and drains what was not taken. */
    public void reset() {
        script.clear();
        responder = null;
        drain();
    }

    @Override
    public void close() {
        server.close();
    }
}
