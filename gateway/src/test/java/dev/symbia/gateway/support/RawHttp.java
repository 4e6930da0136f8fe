package dev.symbia.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for request targets an HTTP client library would normalise or refuse
 * ({@code /./}, {@code //}, {@code %2F}); the bytes sent are exactly the ones written here.
 */
public final class RawHttp {

    public record Response(int status, String headers, String body) {

        public String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    public static Response get(int port, String target, String... headerLines) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder extra = new StringBuilder();
            for (String line : headerLines) {
                extra.append(line).append("\r\n");
            }
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n" + extra + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String raw = readAll(socket.getInputStream());
            int split = raw.indexOf("\r\n\r\n");
            String head = split >= 0 ? raw.substring(0, split) : raw;
            String body = split >= 0 ? raw.substring(split + 4) : "";
            String statusLine = head.lines().findFirst().orElseThrow();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            String headers = head.substring(Math.min(head.length(), statusLine.length() + 2));
            return new Response(status, headers, body);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
