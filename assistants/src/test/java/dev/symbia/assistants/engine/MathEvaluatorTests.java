package dev.symbia.assistants.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** math.evaluate: the reference's normalisation and grammar (left-associative ^, unary binds tightest). */
class MathEvaluatorTests {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "2+3*4|14", "(2+3)*4|20", "10/4|2.5", "7%3|1", "2^3^2|64", "-2^2|4", "2**3|8", "3x4|12", "6÷3×2|4",
            "what is 2 + 2?|4", "ok so calculate 5*5=|25", "= 1+1|2", "sqrt(16)+abs(-2)|6", "floor(2.7)+ceil(2.1)|5",
            "round(2.5)|3", "log10(1000)|3", "log2(8)|3", "0.1+0.2|0.3", "pi*0|0", "exp(0)|1", "--3|3"})
    void evaluates(String input, double expected) {
        assertThat(MathEvaluator.evaluate(input, false)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "2+", "(2+3", "foo(2)", "java.lang.Runtime.exec('x')", "2 + two"})
    void declinesWhatIsNotArithmetic(String input) {
        assertThatThrownBy(() -> MathEvaluator.evaluate(input, false)).isInstanceOf(ActionFailure.class)
                .hasMessageStartingWith(MathEvaluator.DECLINED).hasMessageContaining("@smartcalc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1/0", "sqrt(-1)", "log(0)"})
    void nonFiniteIsAnError(String input) {
        assertThatThrownBy(() -> MathEvaluator.evaluate(input, false)).isInstanceOf(ActionFailure.class)
                .hasMessageNotContaining(MathEvaluator.DECLINED);
    }
}
