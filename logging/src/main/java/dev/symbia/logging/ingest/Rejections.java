package dev.symbia.logging.ingest;

import com.google.protobuf.CodedOutputStream;
import dev.symbia.core.ProblemTypes;
import dev.symbia.core.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an error answer outside Spring MVC (from a filter): problem+json as everywhere else, except
 * for OTLP protobuf requests, which the OTLP/HTTP spec answers with a protobuf {@code google.rpc.Status}.
 */
public final class Rejections {

    public static final String PROTOBUF = "application/x-protobuf";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Rejections() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String detail) throws IOException {
        response.setStatus(status.value());
        if (isOtlpProtobuf(request)) {
            response.setContentType(PROTOBUF);
            response.getOutputStream().write(rpcStatus(status, detail));
            return;
        }
        String code = ProblemTypes.forStatus(status.value());
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.uri(code).toString());
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        problem.put("code", code);
        String requestId = MDC.get(RequestIds.MDC_KEY);
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }

    static boolean isOtlpProtobuf(HttpServletRequest request) {
        String type = request.getContentType();
        return request.getRequestURI().startsWith("/v1/") && type != null && type.toLowerCase().startsWith(PROTOBUF);
    }

    /** A serialized {@code google.rpc.Status}: field 1 = gRPC code, field 2 = message. */
    public static byte[] rpcStatus(HttpStatus status, String message) {
        int code = switch (status.value()) {
            case 429 -> 8;      // RESOURCE_EXHAUSTED
            case 503 -> 14;     // UNAVAILABLE
            case 401 -> 16;     // UNAUTHENTICATED
            case 403 -> 7;      // PERMISSION_DENIED
            case 500 -> 13;     // INTERNAL
            default -> 3;       // INVALID_ARGUMENT
        };
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
