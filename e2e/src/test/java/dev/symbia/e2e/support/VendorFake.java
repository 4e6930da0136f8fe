package dev.symbia.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Third-party APIs the stack's connectors call (JFrog, Railway), on MockWebServer: a test sets a function of the
 * request that answers in the vendor's wire format (null: 404 as the vendor would); every request is recorded.
 */
public final class VendorFake implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, MockResponse> responder = request -> null;

    VendorFake() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                received.add(request);
                MockResponse answer = responder.apply(request);
                return answer != null ? answer : json(404, "{\"errors\":[{\"status\":404,\"message\":\"Not Found\"}]}");
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

    public void respond(Function<RecordedRequest, MockResponse> responder) {
        this.responder = responder;
    }

    /** What arrived so far, oldest first. */
    public List<RecordedRequest> received() {
        return List.copyOf(received);
    }

    public static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
