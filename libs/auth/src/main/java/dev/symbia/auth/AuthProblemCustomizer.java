package dev.symbia.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ProblemDetail;

/**
 * Adapts the 401/403/503 problems the security filter chain answers — before any controller, where a
 * service's own {@code ResponseBodyAdvice} cannot reach — for a part of its API that also speaks another
 * error dialect (integrations adds OpenAI's {@code error} member on {@code /v1}, so OpenAI SDKs raise
 * their authentication error with the reason). Every bean of this type is applied, in order; a
 * customizer adds properties and decides by the request's path. The answer stays
 * {@code application/problem+json} with the standard members.
 */
@FunctionalInterface
public interface AuthProblemCustomizer {

    void customize(HttpServletRequest request, ProblemDetail problem);
}
