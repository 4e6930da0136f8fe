package dev.symbia.web.request;

import dev.symbia.web.body.ControlCharacters;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import dev.symbia.web.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the request target before anything reads it: the query string must be valid percent-encoded
 * UTF-8 (Tomcat would otherwise throw {@code InvalidParameterException} from deep inside a handler, a 500),
 * and neither a parameter's name or value nor the decoded path may contain control characters (a NUL
 * reaches PostgreSQL as an invalid byte sequence). Refusals are 400 problems naming the parameter.
 * The query is parsed here from its raw form, so a form-encoded body is never consumed.
 */
public class RequestTargetFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    public RequestTargetFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemException refusal = check(request);
        if (refusal != null) {
            problems.write(request, response, refusal.getBody());
            return;
        }
        chain.doFilter(request, response);
    }

    static ProblemException check(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (ControlCharacters.contains(path)) {
            return ControlCharacters.refused("path");
        }
        String query = request.getQueryString();
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = decode(eq < 0 ? pair : pair.substring(0, eq));
            } catch (IllegalArgumentException e) {
                return RequestBodies.invalid("The query string is not valid percent-encoded UTF-8.",
                        java.util.List.of(java.util.Map.of("field", "query", "message", "invalid percent-encoding")));
            }
            try {
                value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                return RequestBodies.invalidField(safe(name), "is not valid percent-encoded UTF-8");
            }
            if (ControlCharacters.contains(name)) {
                return ControlCharacters.refused("query");
            }
            if (ControlCharacters.contains(value)) {
                return ControlCharacters.refused(safe(name));
            }
        }
        return null;
    }

    /** application/x-www-form-urlencoded decoding that refuses what Tomcat would: bad escapes, invalid UTF-8. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid UTF-8", e);
        }
    }

    private static String safe(String name) {
        String masked = name.replaceAll("[^A-Za-z0-9_.\\[\\]-]", "?");
        return masked.length() > 64 ? masked.substring(0, 64) + "…" : masked;
    }
}
