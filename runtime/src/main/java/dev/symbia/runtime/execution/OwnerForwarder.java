package dev.symbia.runtime.execution;

import dev.symbia.runtime.config.RuntimeProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Sends a request for an execution another replica owns to that replica, with the caller's own credential (the
 * owner authenticates and authorizes it again), and answers with the owner's answer. A forwarded request is never
 * forwarded again: a replica that is not the owner either (ownership just moved) answers 503 with Retry-After.
 */
@Component
class OwnerForwarder {

    static final String FORWARDED = "X-Symbia-Runtime-Forwarded";

    private static final Logger log = LoggerFactory.getLogger(OwnerForwarder.class);
    private static final List<String> PASSED = List.of("Authorization", "X-API-Key", "Cookie", "X-Org-Id", "X-Request-Id");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ReplicaIdentity replica;
    private final Duration timeout;

    OwnerForwarder(ReplicaIdentity replica, RuntimeProperties properties) {
        this.replica = replica;
        this.timeout = properties.nodeTimeout().multipliedBy(2).plusSeconds(10);
    }

    /** The caller's credential headers and where it asked, captured on the request thread. */
    record Caller(Map<String, String> headers, String path, boolean forwarded) {
    }

    static Caller caller(HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PASSED) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        String token = request.getParameter("access_token");
        if (token != null && !headers.containsKey("Authorization")) {
            headers.put("Authorization", "Bearer " + token);
        }
        return new Caller(headers, request.getRequestURI(), request.getHeader(FORWARDED) != null);
    }

    ResponseEntity<byte[]> forward(HttpServletRequest request, byte[] body, String ownerUrl) {
        Caller caller = caller(request);
        String query = request.getQueryString();
        HttpRequest.Builder builder = request(caller, ownerUrl, caller.path() + (query == null ? "" : "?" + query))
                .timeout(timeout)
                .method(request.getMethod(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            log.warn("Owner replica {} unreachable for {}: {}", ownerUrl, caller.path(), e.toString());
            throw ExecutionService.unavailable("The replica running this execution is unreachable; it is taken over once its lease expires.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ExecutionService.unavailable("Interrupted while forwarding to the owning replica.");
        }
        ResponseEntity.BodyBuilder reply = ResponseEntity.status(answer.statusCode());
        for (String name : List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.RETRY_AFTER)) {
            answer.headers().firstValue(name).ifPresent(v -> reply.header(name, v));
        }
        return reply.body(answer.body());
    }

    /** A request to the owner with the caller's credential and the loop guard; null owner URL or a second hop: 503. */
    HttpRequest.Builder request(Caller caller, String ownerUrl, String pathAndQuery) {
        if (caller.forwarded() || ownerUrl == null || ownerUrl.isBlank()) {
            throw ExecutionService.unavailable("Execution ownership is changing between replicas; retry shortly.");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(ownerUrl + pathAndQuery)).header(FORWARDED, replica.id());
        caller.headers().forEach(builder::header);
        return builder;
    }

    HttpClient client() {
        return http;
    }
}
