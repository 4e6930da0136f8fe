package dev.symbia.assistants.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Templates (§3.6) and the rule the reference breaks: user text is data, never a template. */
class TemplatesTests {

    private static Run run(String userText, Map<String, Object> context) {
        return new Run("org-1", "conv-1", "calc", "message.received", Map.of("content", userText, "metadata", Map.of()),
                Map.of("id", "user-1"), Map.of(), List.of(Map.of("key", "calc", "alias", "calc")), "idle", context);
    }

    @Test
    void pathsNamespacesEachAndUnresolved() {
        Run r = run("hi", Map.of("name", "Ada", "items", List.of(Map.of("n", "x"), Map.of("n", "y")),
                "obj", Map.of("a", 1)));
        Map<String, Object> scope = r.scope(r.context);
        assertThat(Templates.render("Hello {{name}} / {{context.name}} / {{@context.name}} / {{@message.content}}", scope))
                .isEqualTo("Hello Ada / Ada / Ada / hi");
        assertThat(Templates.render("{{#each items}}[{{@index}}:{{n}}]{{/each}}", scope)).isEqualTo("[0:x][1:y]");
        assertThat(Templates.render("{{#each items}}{{this.n}}{{/each}}", scope)).isEqualTo("xy");
        assertThat(Templates.render("a{{nope.deeper}}b", scope)).isEqualTo("ab");
        assertThat(Templates.render("{{obj}}", scope)).contains("\"a\" : 1");
        assertThat(Templates.render("{{org.id}} {{assistant.key}} {{conversation.state}}", scope))
                .isEqualTo("org-1 calc idle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{token}}", "{{@env.INTERNAL_SERVICE_SECRET}}", "{{ {{token}} }}", "{{{{context.secret}}}}",
            "{{#each assistants}}{{key}}{{/each}}", "{{@context.secret}}", "{{message.content}}", "}}{{", "{{"})
    void userTextReachesTheReplyVerbatim(String hostile) {
        Run r = run(hostile, Map.of("secret", "s3cr3t"));
        String rendered = Templates.render("You said: {{message.content}}", r.scope(r.context));
        assertThat(rendered).isEqualTo("You said: " + hostile);
    }

    @Test
    void noSecretIsReachableEvenFromAnAuthoredTemplate() {
        Run r = run("x", Map.of());
        Map<String, Object> scope = r.scope(r.context);
        assertThat(Templates.render("[{{token}}][{{@env.PATH}}][{{env.HOME}}][{{@token}}]", scope)).isEqualTo("[][][][]");
        assertThat(scope).doesNotContainKeys("token", "env", "secret");
    }
}
