package dev.symbia.web.body;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every JSON request body, whatever it binds to (a {@code JsonNode} read by {@link RequestBodies}, or a
 * {@code @Valid @RequestBody} record), is checked for control characters before it is bound, so no
 * service can let a NUL through to its database. A body that is not JSON passes unchanged: the
 * converter then refuses it as malformed, as before.
 */
@ControllerAdvice
public class ControlCharacterBodyAdvice extends RequestBodyAdviceAdapter implements RequestBodyAdvice {

    private final JsonMapper json;

    public ControlCharacterBodyAdvice(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return AbstractJacksonHttpMessageConverter.class.isAssignableFrom(converterType)
                && !parameter.hasParameterAnnotation(AllowsControlCharacters.class)
                && !parameter.hasMethodAnnotation(AllowsControlCharacters.class);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = input.getBody().readAllBytes();
        // Most bodies have no backslash and no control byte at all: those are clean without a second parse.
        if (body.length > 0 && ControlCharacters.mayContain(body)) {
            JsonNode tree;
            try {
                tree = json.readTree(body);
            } catch (JacksonException e) {
                tree = null;
            }
            String field = tree == null ? null : ControlCharacters.find(tree);
            if (field != null) {
                throw ControlCharacters.refused(field);
            }
        }
        HttpHeaders headers = input.getHeaders();
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }
}
