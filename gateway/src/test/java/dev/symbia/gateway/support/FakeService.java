package dev.symbia.gateway.support;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for one platform service: a real HTTP server on loopback (the JDK's), recording what
 * it receives. By default it answers {@code 200 {"service":..}} and echoes {@code X-Request-Id}, as a
 * real service does; a test can install any other behaviour.
 */
public final class FakeService implements AutoCloseable {

    /** What the service received; {@code bodyError} is set when the body could not be read to its end. */
    public record Received(String method, String rawPath, String rawQuery, Headers headers, byte[] body,
            IOException bodyError) {

        public String target() {
            return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        }

        public String header(String name) {
            return headers.getFirst(name);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    public interface Behaviour {
        void respond(HttpExchange exchange, Received request) throws IOException;
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile Behaviour behaviour;

    private FakeService(String name) throws IOException {
        this.name = name;
        this.behaviour = this::answerOk;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeService start(String name) {
        try {
            return new FakeService(name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fake " + name, e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    public void reset() {
        received.clear();
        behaviour = this::answerOk;
    }

    /** The next request received, waiting up to five seconds for it. */
    public Received takeRequest() {
        Received request = pollRequest(Duration.ofSeconds(5));
        if (request == null) {
            throw new AssertionError(name + " received no request");
        }
        return request;
    }

    public Received pollRequest(Duration wait) {
        try {
            return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public int requestCount() {
        return received.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = new byte[0];
        IOException bodyError = null;
        try {
            body = exchange.getRequestBody().readAllBytes();
        } catch (IOException e) {
            bodyError = e;
        }
        URI uri = exchange.getRequestURI();
        Received request = new Received(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                new Headers(exchange.getRequestHeaders()), body, bodyError);
        received.add(request);
        try {
            if (bodyError == null) {
                behaviour.respond(exchange, request);
            }
        } finally {
            exchange.close();
        }
    }

    private void answerOk(HttpExchange exchange, Received request) throws IOException {
        String requestId = request.header("X-Request-Id");
        if (requestId != null) {
            exchange.getResponseHeaders().set("X-Request-Id", requestId);
        }
        json(exchange, 200, "{\"service\":\"" + name + "\"}");
    }

    public static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
