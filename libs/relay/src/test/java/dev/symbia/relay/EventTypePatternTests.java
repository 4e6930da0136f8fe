package dev.symbia.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypePatternTests {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "*, message.new, true",
            "*, x, true",
            "message.new, message.new, true",
            "message.new, message.newer, false",
            "message.new, message, false",
            "message.*, message.new, true",
            "message.*, message.new.deep, true",
            "message.*, message, false",
            "message.*, messages.new, false",
            "message.*, message., false",
            "a.b.*, a.b.c, true",
            "a.b.*, a.bc, false"})
    void matches(String pattern, String type, boolean expected) {
        assertThat(EventTypePattern.parse(pattern).matches(type)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "**", "message*", "*.new", "message.*.x", "a..b", "a b", ".*"})
    void refusesInvalidPatterns(String pattern) {
        assertThatIllegalArgumentException().isThrownBy(() -> EventTypePattern.parse(pattern));
        assertThat(EventTypePattern.isValid(pattern)).isFalse();
    }
}
