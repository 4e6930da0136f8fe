package dev.symbia.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;

/** RFC 9457 body with the platform's extensions ({@code code}, {@code requestId}), as the services answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(URI type, String title, int status, String detail, String instance, String code, String requestId) {
}
