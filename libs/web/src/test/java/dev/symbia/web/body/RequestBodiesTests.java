package dev.symbia.web.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.web.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** The strict binding read from bytes (ingest's path) answers exactly as the tree path does. */
class RequestBodiesTests {

    record Entry(@NotBlank String message, Integer count) {
    }

    record Batch(List<@Valid Entry> entries) {
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final RequestBodies bodies = new RequestBodies(json,
            Validation.buildDefaultValidatorFactory().getValidator());

    @Test
    void bytesBindLikeTheTree() {
        String body = " {\"entries\":[{\"message\":\"hello\",\"count\":2}]}";
        assertThat(bodies.read(bytes(body), Batch.class)).isEqualTo(bodies.read(json.readTree(body), Batch.class));
    }

    @Test
    void anUnknownFieldIsNamedWhicheverWayTheBodyIsRead() {
        String body = "{\"entries\":[{\"message\":\"hello\",\"levle\":\"x\"}]}";
        assertThat(detail(() -> bodies.read(bytes(body), Batch.class)))
                .isEqualTo(detail(() -> bodies.read(json.readTree(body), Batch.class)))
                .isEqualTo("Unknown field 'entries[0].levle'.");
    }

    @Test
    void aCoercedScalarAndAnInvalidValueAreRefused() {
        assertThat(detail(() -> bodies.read(bytes("{\"entries\":[{\"message\":\"m\",\"count\":1.5}]}"), Batch.class)))
                .isEqualTo("Field 'entries[0].count' has the wrong type or shape.");
        assertThat(detail(() -> bodies.read(bytes("{\"entries\":[{\"message\":\" \"}]}"), Batch.class)))
                .startsWith("The request has 1 invalid field(s): entries[0].message");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "[]", "\"text\"", "null", "42"})
    void anythingButAnObjectIsRefused(String body) {
        assertThat(detail(() -> bodies.read(bytes(body), Batch.class))).isEqualTo("The request body must be a JSON object.");
    }

    @Test
    void brokenJsonIsAClear400() {
        assertThat(detail(() -> bodies.read(bytes("{\"entries\":[{\"message\":"), Batch.class)))
                .isEqualTo("The request body is not valid JSON.");
        assertThatThrownBy(() -> bodies.read((byte[]) null, Batch.class)).isInstanceOf(ProblemException.class);
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static String detail(Runnable read) {
        try {
            read.run();
        } catch (ProblemException e) {
            assertThat(e.getStatusCode().value()).isEqualTo(400);
            return e.getBody().getDetail();
        }
        throw new AssertionError("no problem raised");
    }
}
