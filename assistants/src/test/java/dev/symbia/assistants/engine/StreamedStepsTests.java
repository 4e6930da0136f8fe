package dev.symbia.assistants.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/** Only an llm.invoke whose answer is the whole, last reply may stream; every other model output waits. */
class StreamedStepsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<Object[]> cases() {
        return List.of(
                new Object[] {"the answer is the reply", """
                        [{"id":"a","type":"llm.invoke"},{"type":"message.send","params":{"content":"{{steps.a.response}}"}}]""",
                        Set.of("a")},
                new Object[] {"by resultKey", """
                        [{"id":"a","type":"llm.invoke","params":{"resultKey":"answer"}},
                         {"type":"message.send","params":{"template":"{{ answer }}"}}]""", Set.of("a")},
                new Object[] {"wrapped in other text", """
                        [{"id":"a","type":"llm.invoke"},{"type":"message.send","params":{"content":"Answer: {{steps.a.response}}"}}]""",
                        Set.of()},
                new Object[] {"a later send wins", """
                        [{"id":"a","type":"llm.invoke"},{"type":"message.send","params":{"content":"{{steps.a.response}}"}},
                         {"type":"message.send","params":{"content":"done"}}]""", Set.of()},
                new Object[] {"an intermediate step feeding another", """
                        [{"id":"a","type":"llm.invoke"},{"id":"b","type":"llm.invoke","params":{"promptTemplate":"{{steps.a.response}}"}},
                         {"type":"message.send","params":{"content":"{{steps.b.response}}"}}]""", Set.of("b")},
                new Object[] {"inside a condition branch", """
                        [{"type":"condition","params":{"if":{"conditions":[]},"then":[{"id":"a","type":"llm.invoke"},
                           {"type":"message.send","params":{"content":"{{steps.a.response}}"}}]}}]""", Set.of("a")},
                new Object[] {"a branch followed by a send", """
                        [{"type":"condition","params":{"if":{"conditions":[]},"then":[{"id":"a","type":"llm.invoke"},
                           {"type":"message.send","params":{"content":"{{steps.a.response}}"}}]}},
                         {"type":"message.send","params":{"content":"bye"}}]""", Set.of()},
                new Object[] {"inside parallel", """
                        [{"type":"parallel","params":{"actions":[{"id":"a","type":"llm.invoke"}]}},
                         {"type":"message.send","params":{"content":"{{steps.a.response}}"}}]""", Set.of()},
                new Object[] {"a send with typed fields", """
                        [{"id":"a","type":"llm.invoke"},{"type":"message.send","params":{"content":"{{steps.a.response}}","fields":{"x":1}}}]""",
                        Set.of()});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void streamsOnlyTheReplysOwnModelStep(String name, String actions, Set<String> expected) {
        List<Map<String, Object>> list = JSON.readValue(actions, List.class);
        assertThat(StreamedSteps.of(list)).isEqualTo(expected);
    }
}
