package dev.symbia.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal HTTP/1.1 SSE client on a raw socket, so a test controls exactly when it reads and when it
 * hangs up (closing the socket is what a browser tab being closed looks like to the gateway). Frames
 * are decoded from the chunked body on a reader thread and handed out one by one.
 */
public final class SseClient implements AutoCloseable {

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final BlockingQueue<Event> frames = new LinkedBlockingQueue<>();
    private static final Event END = new Event(null, null, "\u0000end");

    /** One SSE event: its {@code event:} name and {@code id:} (null when absent) and its {@code data:}. */
    public record Event(String name, String id, String data) {
    }

    private SseClient(Socket socket, int status, Map<String, String> headers) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
    }

    /** POSTs a JSON body and returns once the response headers are in. */
    public static SseClient post(String url, String json, String... headerPairs) throws IOException {
        return open("POST", url, json, headerPairs);
    }

    /** GETs an event stream and returns once the response headers are in. */
    public static SseClient get(String url, String... headerPairs) throws IOException {
        return open("GET", url, null, headerPairs);
    }

    private static SseClient open(String method, String url, String json, String... headerPairs) throws IOException {
        URI uri = URI.create(url);
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Accept: text/event-stream\r\n");
        if (json != null) {
            request.append("Content-Type: application/json\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            request.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
        }
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String header;
        while (!(header = line(in)).isEmpty()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        SseClient client = new SseClient(socket, status, headers);
        boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        Thread.ofVirtual().start(() -> client.read(in, chunked));
        return client;
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The next {@code data:} payload, or null when none arrives in time or the stream ended. */
    public String next(Duration wait) throws InterruptedException {
        Event event = nextEvent(wait);
        return event == null ? null : event.data();
    }

    /** The next event, or null when none arrives in time or the stream ended. */
    public Event nextEvent(Duration wait) throws InterruptedException {
        Event frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == END) {
            frames.add(END);
            return null;
        }
        return frame;
    }

    private void read(InputStream in, boolean chunked) {
        try {
            StringBuilder event = new StringBuilder();
            String name = null;
            String id = null;
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            while (true) {
                byte[] data;
                if (chunked) {
                    String size = line(in);
                    int length = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (length == 0) {
                        break;
                    }
                    data = in.readNBytes(length);
                    line(in); // CRLF after the chunk
                } else {
                    byte[] buffer = new byte[8192];
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    data = java.util.Arrays.copyOf(buffer, n);
                }
                for (byte b : data) {
                    if (b == '\n') {
                        String line = text.toString(StandardCharsets.UTF_8);
                        text.reset();
                        if (line.isEmpty()) {
                            if (!event.isEmpty()) {
                                frames.add(new Event(name, id, event.toString()));
                                event.setLength(0);
                            }
                            name = null;
                            id = null;
                        } else if (line.startsWith("data:")) {
                            event.append(field(line));
                        } else if (line.startsWith("event:")) {
                            name = field(line);
                        } else if (line.startsWith("id:")) {
                            id = field(line);
                        }
                    } else if (b != '\r') {
                        text.write(b);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the stream ended (or we hung up)
        } finally {
            frames.add(END);
        }
    }

    /** The value of a {@code field: value} line (one optional space after the colon). */
    private static String field(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("connection closed");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Hangs up, like a closed browser tab. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
