package dev.symbia.logging.ingest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of every ingest endpoint: takes a slot from the {@link IngestGate} (429 + Retry-After when
 * there is none), then reads the body (gunzipping it if needed) up to the configured size (413
 * above it), so handlers only ever see a bounded, decoded body held in memory.
 */
class IngestLimitFilter extends OncePerRequestFilter {

    private final IngestGate gate;
    private final IngestProperties properties;

    IngestLimitFilter(IngestGate gate, IngestProperties properties) {
        this.gate = gate;
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long max = properties.maxRequestSize().toBytes();
        if (request.getContentLengthLong() > max) {
            Rejections.write(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge(max));
            return;
        }
        String encoding = Optional.ofNullable(request.getHeader(HttpHeaders.CONTENT_ENCODING))
                .map(e -> e.trim().toLowerCase(Locale.ROOT)).orElse("identity");
        if (!encoding.equals("identity") && !encoding.equals("gzip")) {
            Rejections.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding must be gzip or identity.");
            return;
        }
        Optional<IngestGate.Slot> slot = gate.tryEnter();
        if (slot.isEmpty()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(properties.retryAfterSeconds()));
            Rejections.write(request, response, HttpStatus.TOO_MANY_REQUESTS,
                    "Ingest is at capacity; retry after the time in Retry-After.");
            return;
        }
        try (IngestGate.Slot held = slot.get()) {
            byte[] body;
            try {
                InputStream in = request.getInputStream();
                body = readBounded(encoding.equals("gzip") ? new GZIPInputStream(in) : in, max);
            } catch (ZipException | java.io.EOFException e) {
                Rejections.write(request, response, HttpStatus.BAD_REQUEST, "The body is not valid gzip.");
                return;
            }
            if (body == null) {
                Rejections.write(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge(max));
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
        }
    }

    private static String tooLarge(long max) {
        return "The request body is larger than the " + max + " bytes accepted; send smaller batches.";
    }

    /** The whole stream, or null once it passes {@code max} bytes (decompressed size counts, so no zip bombs). */
    private static byte[] readBounded(InputStream in, long max) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return bytes.length > max ? null : bytes;
    }

    /** The request with its body already read and decoded. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("body is already buffered");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getHeader(String name) {
            if (HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name)) {
                return null;
            }
            if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                return Integer.toString(body.length);
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = getHeader(name);
            if (HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name) || HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                return value == null ? Collections.emptyEnumeration() : Collections.enumeration(java.util.List.of(value));
            }
            return super.getHeaders(name);
        }
    }
}
