package dev.symbia.assistants.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The 19 operators of reference §3.4 with their type rules, one row per case. */
class ConditionsTests {

    private static final Object U = Conditions.MISSING;

    static Stream<Arguments> table() {
        return Stream.of(
                // eq / neq: strict
                row("eq", "a", "a", true), row("eq", "a", "A", false), row("eq", 1, 1.0, true), row("eq", "1", 1, false),
                row("eq", true, true, true), row("eq", null, null, true), row("eq", U, null, false),
                row("eq", List.of(1), List.of(1), false), row("eq", Map.of(), Map.of(), false),
                row("neq", "1", 1, true), row("neq", "a", "a", false), row("neq", U, "x", true),
                // gt, gte, lt, lte: numbers only
                row("gt", 3, 2, true), row("gt", 2, 2, false), row("gt", "3", 2, false), row("gt", 3, "2", false),
                row("gte", 2, 2, true), row("gte", 1.5, 2, false), row("lt", 1, 2, true), row("lt", U, 2, false),
                row("lte", 2, 2.0, true), row("lte", null, 2, false),
                // contains / not_contains
                row("contains", "Hello World", "world", true), row("contains", "Hello", "bye", false),
                row("contains", List.of("a", "b"), "b", true), row("contains", List.of("a", "b"), "B", false),
                row("contains", List.of(1, 2), 2, true), row("contains", 42, "4", false), row("contains", U, "x", false),
                row("not_contains", "Hello", "HELL", false), row("not_contains", "Hello", "bye", true),
                row("not_contains", List.of("a"), "a", false), row("not_contains", 42, "4", true),
                row("not_contains", U, "x", true), row("not_contains", null, "x", true),
                // starts_with / ends_with: strings, case-insensitive
                row("starts_with", "Hello", "hE", true), row("starts_with", "Hello", "lo", false),
                row("starts_with", 123, "1", false), row("ends_with", "Hello", "LO", true),
                row("ends_with", List.of("lo"), "lo", false),
                // matches / not_matches: regex with flag i; invalid regex; non-string field
                row("matches", "Order 42", "^order \\d+$", true), row("matches", "abc", "^\\d+$", false),
                row("matches", "abc", "(", false), row("matches", 42, "4", false), row("matches", U, ".*", false),
                row("not_matches", "abc", "^\\d+$", true), row("not_matches", "ABC", "abc", false),
                row("not_matches", "abc", "(", true), row("not_matches", 42, "4", true),
                // in / not_in: value must be an array
                row("in", "b", List.of("a", "b"), true), row("in", "c", List.of("a", "b"), false),
                row("in", "a", "abc", false), row("in", 1, List.of(1.0), true),
                row("not_in", "c", List.of("a"), true), row("not_in", "a", List.of("a"), false),
                row("not_in", "a", "abc", true),
                // exists / not_exists: not null and not undefined
                row("exists", "", null, true), row("exists", 0, null, true), row("exists", null, null, false),
                row("exists", U, null, false), row("not_exists", null, null, true), row("not_exists", U, null, true),
                row("not_exists", false, null, false),
                // length_gte / length_lte / length_eq: string or array against a number
                row("length_gte", "abc", 3, true), row("length_gte", "ab", 3, false),
                row("length_gte", List.of(1, 2, 3), 3, true), row("length_gte", 123, 1, false),
                row("length_lte", "ab", 2, true), row("length_lte", "abc", 2, false), row("length_lte", U, 5, false),
                row("length_eq", "héllo", 5, true), row("length_eq", List.of(), 0, true), row("length_eq", "ab", "2", false),
                // unknown operators (e.g. "equals" in seed data) are false
                row("equals", "a", "a", false), row("EQ", "a", "a", false));
    }

    private static Arguments row(String operator, Object field, Object value, boolean expected) {
        return Arguments.of(operator, field, value, expected);
    }

    @ParameterizedTest(name = "{0}({1}, {2}) = {3}")
    @MethodSource("table")
    void operator(String operator, Object field, Object value, boolean expected) {
        assertThat(Conditions.apply(operator, field, value)).isEqualTo(expected);
    }

    @Test
    void everyOperatorOfTheReferenceIsCovered() {
        assertThat(table().map(a -> (String) a.get()[0]).distinct())
                .containsAll(Conditions.OPERATORS);
        assertThat(Conditions.OPERATORS).hasSize(19);
    }

    private static Map<String, Object> cond(String field, String operator, Object value) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("field", field);
        c.put("operator", operator);
        c.put("value", value);
        return c;
    }

    @Test
    void groupsAndOrNestedAndEmpty() {
        Map<String, Object> root = Map.of("message", Map.of("content", "hi there", "metadata", Map.of()),
                "context", Map.of("n", 3));
        Map<String, Object> yes = cond("message.content", "contains", "hi");
        Map<String, Object> no = cond("context.n", "gt", 5);
        assertThat(Conditions.group(Map.of("logic", "and", "conditions", List.of()), root)).isTrue();
        assertThat(Conditions.group(null, root)).isTrue();
        assertThat(Conditions.group(Map.of("logic", "and", "conditions", List.of(yes, no)), root)).isFalse();
        assertThat(Conditions.group(Map.of("logic", "or", "conditions", List.of(yes, no)), root)).isTrue();
        assertThat(Conditions.group(Map.of("logic", "and", "conditions",
                List.of(yes, Map.of("logic", "or", "conditions", List.of(no, cond("context.n", "eq", 3))))), root)).isTrue();
        assertThat(Conditions.group(Map.of("logic", "or", "conditions", Arrays.asList(no, "not a condition")), root)).isFalse();
    }

    @Test
    void aMentionValueAlsoTriesTheOriginalContent() {
        Map<String, Object> root = Map.of("message", Map.of("content", "2+2",
                "metadata", Map.of("originalContent", "@calc 2+2")));
        assertThat(Conditions.group(Map.of("conditions", List.of(cond("message.content", "starts_with", "@calc"))), root))
                .isTrue();
        // without an @ in the value the special case does not apply
        assertThat(Conditions.group(Map.of("conditions", List.of(cond("message.content", "contains", "calc"))), root))
                .isFalse();
    }
}
