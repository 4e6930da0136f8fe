package dev.symbia.integrations.openai;

import dev.symbia.auth.AuthProblemCustomizer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem answered under {@code /v1} — ours, a malformed body, an unknown path or method —
 * also carries OpenAI's {@code error} member, so OpenAI SDKs raise the right exception with the
 * real reason, while the document stays problem+json for everything else that reads it. The 401/403
 * that libs/auth's security chain answers before any controller get the same member through
 * {@link AuthProblemCustomizer}.
 */
@ControllerAdvice
class OpenAiErrorEnvelope implements ResponseBodyAdvice<Object>, AuthProblemCustomizer {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && request instanceof ServletServerHttpRequest servlet) {
            customize(servlet.getServletRequest(), problem);
        }
        return body;
    }

    @Override
    public void customize(HttpServletRequest request, ProblemDetail problem) {
        String path = request.getRequestURI();
        if (path.startsWith("/v1/") && (problem.getProperties() == null || !problem.getProperties().containsKey("error"))) {
            problem.setProperty("error", OpenAiErrors.forProblem(problem.getStatus(), path, problem.getTitle(),
                    problem.getDetail(), problem.getProperties()));
        }
    }
}
