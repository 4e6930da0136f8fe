package dev.symbia.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.symbia.core.SymbiaService;
import dev.symbia.gateway.support.GatewayTestSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Server-sent events pass through one by one as the service produces them, and a client that goes
 * away makes the gateway drop the upstream connection.
 */
class EventStreamTests extends GatewayTestSupport {

    private static final int EVENTS = 5;
    private static final long GAP_MILLIS = 200;

    @Test
    void eachEventReachesTheClientBeforeTheServiceProducesTheNext() throws Exception {
        long[] produced = new long[EVENTS];
        UPSTREAMS.get(SymbiaService.MESSAGING).behave((exchange, request) -> {
            startStream(exchange);
            OutputStream out = exchange.getResponseBody();
            for (int k = 0; k < EVENTS; k++) {
                if (k > 0) {
                    sleep(GAP_MILLIS);
                }
                produced[k] = System.nanoTime();
                out.write(("data: {\"content\":\"" + k + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.close();
        });

        HttpResponse<Stream<String>> response = http.send(request("/api/messaging/send")
                        .header("Accept", "text/event-stream")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"content\":\"hi\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Long> received = new ArrayList<>();
        List<String> data = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            Iterator<String> iterator = lines.iterator();
            while (iterator.hasNext()) {
                String line = iterator.next();
                if (line.startsWith("data: ")) {
                    received.add(System.nanoTime());
                    data.add(line);
                }
            }
        }

        assertThat(data).hasSize(EVENTS).first().isEqualTo("data: {\"content\":\"0\"}");
        for (int k = 0; k < EVENTS - 1; k++) {
            assertThat(received.get(k))
                    .as("event %d must arrive before event %d is produced", k, k + 1)
                    .isLessThan(produced[k + 1]);
        }
    }

    @Test
    void clientDisconnectClosesTheUpstreamConnection() throws Exception {
        CountDownLatch upstreamNoticed = new CountDownLatch(1);
        UPSTREAMS.get(SymbiaService.MESSAGING).behave((exchange, request) -> {
            startStream(exchange);
            OutputStream out = exchange.getResponseBody();
            try {
                // Ten times a second for up to a minute: only a failed write ends this early.
                for (int k = 0; k < 600; k++) {
                    out.write(("data: {\"content\":\"" + k + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sleep(100);
                }
            } catch (IOException closedByGateway) {
                upstreamNoticed.countDown();
            }
        });

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/messaging/stream HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).startsWith("HTTP/1.1 200");
            String line;
            do {
                line = reader.readLine();
            } while (line != null && !line.startsWith("data: "));
            assertThat(line).as("first event").isNotNull();
        }

        assertThat(upstreamNoticed.await(2, TimeUnit.SECONDS))
                .as("the service's writes fail soon after the client went away")
                .isTrue();
    }

    @Test
    void aStreamMayTakeLongerToStartThanTheResponseTimeout() throws Exception {
        // The shared test context sets the response timeout to 1 s.
        UPSTREAMS.get(SymbiaService.MESSAGING).behave((exchange, request) -> {
            sleep(1500);
            startStream(exchange);
            OutputStream out = exchange.getResponseBody();
            out.write("data: {\"done\":true}\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        });

        HttpResponse<String> response = send(request("/api/messaging/send")
                .header("Accept", "text/event-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("data: {\"done\":true}");
    }

    private static void startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
