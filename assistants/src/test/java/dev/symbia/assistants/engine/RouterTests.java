package dev.symbia.assistants.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** assistants.route's tiers: addressed → declarations → naive Bayes (0.75 / 0.30) → decline. */
class RouterTests {

    private static Map<String, Object> assistant(String key, String alias, Map<String, Object> routing) {
        return Map.of("key", key, "alias", alias, "routing", routing);
    }

    private static final List<Map<String, Object>> ROSTER = List.of(
            assistant("symbia", "symbia", Map.of()),
            assistant("calc", "calc", Map.of("patterns", List.of("^[\\d\\s().+*/^%-]+$"), "precedence", 10,
                    "examples", List.of("2+2", "what is 3 times 4", "calculate 15 percent of 80", "sqrt of 16",
                            "divide 10 by 4", "multiply 6 by 7", "add 5 and 9", "subtract 3 from 10"))),
            assistant("weather", "wx", Map.of("patterns", List.of(Map.of("pattern", "\\bforecast\\b", "precedence", 5),
                    "(invalid["), "examples", List.of("will it rain tomorrow", "weather forecast for paris",
                    "is it sunny in rome", "temperature in london today", "how cold is it outside",
                    "do i need an umbrella", "rain in berlin this weekend", "snow forecast"))),
            assistant("calendar", "cal", Map.of("patterns", List.of("\\bforecast\\b"), "precedence", 5)));

    @Test
    void addressedWinsAnywhereAtAWordBoundary() {
        Router.Route r = Router.route("please ask @wx about 2+2", ROSTER);
        assertThat(r.assistant()).isEqualTo("weather");
        assertThat(r.method()).isEqualTo("addressed");
        assertThat(r.precedence()).isEqualTo(Integer.MAX_VALUE);
        // an e-mail address is no mention: nothing else decides either, so it is declined
        assertThatThrownBy(() -> Router.route("mail me at bob@calc.example", ROSTER))
                .hasMessageStartingWith(MathEvaluator.DECLINED);
    }

    @Test
    void declarationsByPrecedenceThenKeyWithTieReported() {
        Router.Route calc = Router.route("12 * (3 + 4)", ROSTER);
        assertThat(calc.assistant()).isEqualTo("calc");
        assertThat(calc.method()).isEqualTo("declaration");
        assertThat(calc.tieBroken()).isFalse();
        Router.Route tie = Router.route("what's the forecast", ROSTER);
        assertThat(tie.assistant()).isEqualTo("calendar"); // equal precedence 5: key order
        assertThat(tie.tieBroken()).isTrue();
        assertThat(tie.matchedPattern()).isEqualTo("\\bforecast\\b");
    }

    @Test
    void classifierAcceptsOnlyAboveBothThresholds() {
        Router.Route wx = Router.route("will it rain in paris tomorrow", ROSTER);
        assertThat(wx.assistant()).isEqualTo("weather");
        assertThat(wx.method()).isEqualTo("classifier");
        assertThat(wx.confidence()).isGreaterThanOrEqualTo(Router.MIN_CONFIDENCE);
        Map<String, Double> p = Router.classify("will it rain in paris tomorrow", ROSTER);
        assertThat(p.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        // a greeting is the __none__ class: declined with the roster of specialists
        assertThatThrownBy(() -> Router.route("hello there, thanks", ROSTER)).isInstanceOf(ActionFailure.class)
                .hasMessageStartingWith(MathEvaluator.DECLINED).hasMessageContaining("@calc").hasMessageContaining("@wx");
    }

    @Test
    void aClassifierWinnerBelowTheMarginIsDeclined() {
        // two classes trained on the same examples split the probability: confidence < 0.75
        List<Map<String, Object>> twins = List.of(
                assistant("a", "a", Map.of("examples", List.of("book a table", "reserve dinner"))),
                assistant("b", "b", Map.of("examples", List.of("book a table", "reserve dinner"))));
        Map<String, Double> p = Router.classify("book a table for two", twins);
        assertThat(p.get("a")).isCloseTo(p.get("b"), org.assertj.core.data.Offset.offset(1e-9));
        assertThatThrownBy(() -> Router.route("book a table for two", twins))
                .hasMessageStartingWith(MathEvaluator.DECLINED);
    }

    @Test
    void featuresAreUnigramsAndTrigramsWithDigitsFolded() {
        assertThat(Router.features("Ab 12")).containsExactly("w:ab", "w:00", "c: ab", "c:ab ", "c:b 0", "c: 00",
                "c:00 ");
    }
}
