package dev.symbia.web.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ControlCharactersTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void onlyBodiesWithAnEscapeOrAControlByteNeedTheFullCheck() {
        assertThat(ControlCharacters.mayContain(bytes("{\"name\":\"plain ünïcödé 😀\",\n\t\"n\":[1,2]}\r\n"))).isFalse();
        assertThat(ControlCharacters.mayContain(bytes("{\"name\":\"a\\u0000b\"}"))).isTrue();
        assertThat(ControlCharacters.mayContain(bytes("{\"name\":\"line\\nbreak\"}"))).isTrue();
        // DEL is valid raw in a JSON string and disallowed: it must not pass as clean.
        assertThat(ControlCharacters.mayContain(bytes("{\"name\":\"a\u007fb\"}"))).isTrue();
        assertThat(ControlCharacters.mayContain(bytes("{\"name\":\"a\u0001b\"}"))).isTrue();
    }

    @Test
    void theFieldAtFaultIsNamedByItsPath() {
        assertThat(ControlCharacters.find(json.readTree("{\"a\":{\"b\":[\"ok\",{\"c\":\"x\\u0007\"}]}}"))).isEqualTo("a.b[1].c");
        assertThat(ControlCharacters.find(json.readTree("[\"ok\",\"x\\u0000\"]"))).isEqualTo("[1]");
        assertThat(ControlCharacters.find(json.readTree("\"x\\u0000\""))).isEqualTo("(body)");
        assertThat(ControlCharacters.find(json.readTree("{\"ok\":1,\"we ird\\u0000\":2}"))).isEqualTo("we?ird?");
        assertThat(ControlCharacters.find(json.readTree("{\"a\":[\"line\\nbreak\",\"\\u001b[31m\"],\"b\":{}}"))).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
