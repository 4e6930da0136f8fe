package dev.symbia.messaging.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads an SSE stream into events (id, event, data) and comments, as an EventSource would. */
final class SseClient implements AutoCloseable {

    // HTTP/1.1 as browsers speak it to a plain-http server: the JDK's default h2c upgrade attempt, with several
    // streams opened at once, now and then left a request without an answer.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // Readers block on the stream: their own threads, not the common pool.
    private static final ExecutorService READERS = Executors.newVirtualThreadPerTaskExecutor();

    record Event(String id, String name, String data, String comment) {
    }

    final List<Event> all = Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<Event> pending = new LinkedBlockingQueue<>();
    final CompletableFuture<HttpResponse<Stream<String>>> response;

    SseClient(int port, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/event-stream");
        if (headers.length > 0) {
            request.headers(headers);
        }
        response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> {
            if (r.statusCode() == 200) {
                read(r.body());
            }
        }, READERS);
    }

    private void read(Stream<String> lines) {
        String id = null;
        String name = null;
        StringBuilder data = null;
        for (String line : (Iterable<String>) lines::iterator) {
            if (line.isEmpty()) {
                if (name != null || data != null) {
                    add(new Event(id, name, data == null ? null : data.toString(), null));
                }
                id = null;
                name = null;
                data = null;
            } else if (line.startsWith(":")) {
                add(new Event(null, null, null, line.substring(1).trim()));
            } else if (line.startsWith("id:")) {
                id = value(line, 3);
            } else if (line.startsWith("event:")) {
                name = value(line, 6);
            } else if (line.startsWith("data:")) {
                data = data == null ? new StringBuilder(value(line, 5)) : data.append('\n').append(value(line, 5));
            }
        }
    }

    private static String value(String line, int from) {
        String value = line.substring(from);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    private void add(Event event) {
        all.add(event);
        pending.add(event);
    }

    HttpResponse<Stream<String>> awaitResponse() throws Exception {
        return response.get(20, TimeUnit.SECONDS);
    }

    Event await(Predicate<Event> predicate) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Event event = pending.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && predicate.test(event)) {
                return event;
            }
        }
        throw new AssertionError("no matching SSE event; got " + all);
    }

    Event awaitEvent(String name) throws InterruptedException {
        return await(e -> name.equals(e.name()));
    }

    /** Waits for the opening comment: from then on the stream is subscribed. */
    SseClient ready() throws Exception {
        HttpResponse<Stream<String>> r = awaitResponse();
        if (r.statusCode() != 200) {
            throw new AssertionError("SSE answered " + r.statusCode());
        }
        await(e -> "connected".equals(e.comment()));
        return this;
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
