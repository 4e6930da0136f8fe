package dev.symbia.network.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.symbia.relay.Boundary;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PolicyEngineTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final PolicyEngine.Facts facts = new PolicyEngine.Facts("messaging", "assistants", "message.new", Boundary.INTER, "run-42");

    private Policy policy(String name, int priority, boolean enabled, String conditions, String action) {
        return new Policy(UUID.randomUUID(), name, priority, PolicyJson.conditions(json.readTree(conditions)),
                PolicyJson.action(json.readTree(action)), enabled, "test", Instant.EPOCH, Instant.EPOCH);
    }

    @ParameterizedTest(name = "{0} {1} {2} → {3}")
    @CsvSource({
            "source, eq, messaging, true",
            "source, eq, identity, false",
            "source, neq, identity, true",
            "target, contains, sist, true",
            "eventType, startsWith, message., true",
            "eventType, startsWith, msg, false",
            "boundary, eq, inter, true",
            "runId, regex, ^run-[0-9]+$, true",
            "runId, regex, ^job-, false"})
    void operators(String field, String operator, String value, boolean expected) {
        Policy p = policy("p", 1, true, "[{\"field\":\"" + field + "\",\"operator\":\"" + operator + "\",\"value\":\"" + value + "\"}]",
                "{\"type\":\"allow\"}");
        assertThat(PolicyEngine.firstMatch(List.of(p), facts)).isEqualTo(expected ? java.util.Optional.of(p) : java.util.Optional.empty());
    }

    @Test
    void anAbsentTargetOnlySatisfiesNeq() {
        PolicyEngine.Facts noTarget = new PolicyEngine.Facts("a", null, "x.y", Boundary.INTRA, "r");
        for (String op : List.of("eq", "contains", "startsWith", "regex")) {
            Policy p = policy("p", 1, true, "[{\"field\":\"target\",\"operator\":\"" + op + "\",\"value\":\".*\"}]", "{\"type\":\"allow\"}");
            assertThat(PolicyEngine.firstMatch(List.of(p), noTarget)).as(op).isEmpty();
        }
        Policy neq = policy("p", 1, true, "[{\"field\":\"target\",\"operator\":\"neq\",\"value\":\"x\"}]", "{\"type\":\"allow\"}");
        assertThat(PolicyEngine.firstMatch(List.of(neq), noTarget)).contains(neq);
    }

    @Test
    void firstMatchInTheGivenOrderSkippingDisabledAndPartialMatches() {
        Policy disabled = policy("disabled", 100, false, "[]", "{\"type\":\"deny\"}");
        Policy partial = policy("partial", 90, true,
                "[{\"field\":\"source\",\"operator\":\"eq\",\"value\":\"messaging\"},{\"field\":\"boundary\",\"operator\":\"eq\",\"value\":\"extra\"}]",
                "{\"type\":\"deny\"}");
        Policy wins = policy("wins", 80, true, "[{\"field\":\"source\",\"operator\":\"eq\",\"value\":\"messaging\"}]",
                "{\"type\":\"log\",\"level\":\"debug\"}");
        Policy later = policy("later", 70, true, "[]", "{\"type\":\"deny\"}");
        assertThat(PolicyEngine.firstMatch(List.of(disabled, partial, wins, later), facts)).contains(wins);
    }

    @Test
    void invalidDefinitionsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> PolicyJson.conditions(json.readTree(
                "[{\"field\":\"source\",\"operator\":\"regex\",\"value\":\"(unclosed\"}]"))).withMessageContaining("regular expression");
        assertThatIllegalArgumentException().isThrownBy(() -> PolicyJson.action(json.readTree("{\"type\":\"route\",\"to\":\"a b\"}")));
        assertThatIllegalArgumentException().isThrownBy(() -> PolicyJson.action(json.readTree(
                "{\"type\":\"transform\",\"mapping\":[{\"op\":\"set\",\"path\":\"a\"}]}")));
        assertThatIllegalArgumentException().isThrownBy(() -> PolicyJson.action(json.readTree(
                "{\"type\":\"transform\",\"mapping\":[{\"op\":\"rename\",\"from\":\"a..b\",\"to\":\"c\"}]}")));
    }

    @Test
    void definitionsRoundTripThroughTheirJson() {
        String conditions = "[{\"field\":\"runId\",\"operator\":\"regex\",\"value\":\"^r\"}]";
        String action = "{\"type\":\"transform\",\"mapping\":[{\"op\":\"set\",\"path\":\"a.b\",\"value\":{\"x\":[1,2]}},{\"op\":\"remove\",\"path\":\"c\"}]}";
        Policy p = policy("p", 1, true, conditions, action);
        assertThat(PolicyJson.write(p.conditions(), json)).isEqualTo(json.readTree(conditions));
        assertThat(PolicyJson.write(p.action(), json)).isEqualTo(json.readTree(action));
    }

    @Test
    void transformStepsApplyInOrderOnACopy() {
        JsonNode data = json.readTree("{\"text\":\"hi\",\"user\":{\"id\":\"u1\",\"password\":\"p\"},\"n\":5}");
        PolicyAction action = PolicyJson.action(json.readTree("""
                {"type":"transform","mapping":[
                  {"op":"rename","from":"text","to":"message.body"},
                  {"op":"copy","from":"user.id","to":"userId"},
                  {"op":"remove","path":"user.password"},
                  {"op":"set","path":"n","value":6},
                  {"op":"rename","from":"missing","to":"nowhere"},
                  {"op":"set","path":"n.deeper","value":1}]}"""));
        JsonNode result = DataTransform.apply(data, action.mapping());
        assertThat(result).isEqualTo(json.readTree("{\"user\":{\"id\":\"u1\"},\"n\":6,\"message\":{\"body\":\"hi\"},\"userId\":\"u1\"}"));
        assertThat(data.get("text").stringValue()).as("the original is untouched").isEqualTo("hi");
        assertThat(DataTransform.apply(json.readTree("\"just text\""), action.mapping())).isEqualTo(json.readTree("\"just text\""));
    }
}
