package dev.symbia.assistants.engine;

import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;

/**
 * The {@code math.evaluate} tool (§3.5): the reference's normalisation and grammar, evaluated by a recursive
 * descent parser — never a script engine. Precedence: {@code + -} below {@code * / %} below {@code ^}
 * (left-associative, as the reference) below unary {@code ±}; one-argument functions; constants pi and e.
 */
public final class MathEvaluator {

    /** A refusal the reply path shows as it is (the text after the prefix). */
    public static final String DECLINED = "DECLINED::";

    private static final Pattern FILLER = Pattern.compile("^(?:(?:ok|okay|so|well|hmm+|um+|uh+|please|hey)\\b[\\s,]*)+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LEAD_IN = Pattern.compile(
            "^(?:what\\s+is|what's|whats|how\\s+much\\s+is|how\\s+much|calculate|compute|solve|work\\s+out)\\b\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILING = Pattern.compile("[?!.=\\s]+$");
    private static final Map<String, DoubleUnaryOperator> FUNCTIONS = Map.ofEntries(
            Map.entry("sqrt", Math::sqrt), Map.entry("abs", Math::abs), Map.entry("sin", Math::sin),
            Map.entry("cos", Math::cos), Map.entry("tan", Math::tan), Map.entry("asin", Math::asin),
            Map.entry("acos", Math::acos), Map.entry("atan", Math::atan), Map.entry("log", Math::log),
            Map.entry("log10", Math::log10), Map.entry("log2", x -> Math.log(x) / Math.log(2)),
            Map.entry("exp", Math::exp), Map.entry("floor", Math::floor), Map.entry("ceil", Math::ceil),
            Map.entry("round", x -> Math.floor(x + 0.5)));
    private static final int MAX_LENGTH = 2000;

    private final String text;
    private int pos;

    private MathEvaluator(String text) {
        this.text = text;
    }

    /** Evaluates; a non-finite result or a parse failure is an {@link ActionFailure} (the latter a decline). */
    public static double evaluate(String input, boolean smartCalc) {
        String expression = normalise(input);
        if (expression.length() > MAX_LENGTH) {
            throw new ActionFailure("expression too long");
        }
        double value;
        try {
            MathEvaluator parser = new MathEvaluator(expression);
            value = parser.expression();
            if (parser.pos != expression.length()) {
                throw new IllegalArgumentException("unexpected '" + expression.charAt(parser.pos) + "'");
            }
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new ActionFailure(DECLINED + "I can only evaluate arithmetic expressions such as 2+3*4."
                    + (smartCalc ? "" : " For word problems, ask @smartcalc."));
        }
        if (!Double.isFinite(value)) {
            throw new ActionFailure("The result is not a finite number");
        }
        return Math.round(value * 1e10) / 1e10;
    }

    /** Leading filler words ("ok, so, well, hmm …") removed; the text itself when nothing else would remain. */
    static String stripFiller(String input) {
        String stripped = FILLER.matcher(input.trim()).replaceFirst("");
        return stripped.isBlank() ? input.trim() : stripped;
    }

    /** The reference's normalisation: filler and lead-in stripped, trailing ?!.= and a leading = removed. */
    static String normalise(String input) {
        String s = input == null ? "" : input.trim();
        String stripped = LEAD_IN.matcher(FILLER.matcher(s).replaceFirst("")).replaceFirst("");
        stripped = TRAILING.matcher(stripped).replaceFirst("");
        if (stripped.startsWith("=")) {
            stripped = stripped.substring(1);
        }
        if (!stripped.isBlank()) {
            s = stripped;
        }
        s = s.replaceAll("\\s+", "").replace('×', '*').replace('÷', '/').replace("**", "^");
        return s.replaceAll("(?<=[0-9)])x(?=[0-9(\\-])", "*");
    }

    private double expression() {
        double value = term();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '+') {
                pos++;
                value += term();
            } else if (c == '-') {
                pos++;
                value -= term();
            } else {
                break;
            }
        }
        return value;
    }

    private double term() {
        double value = power();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '*') {
                pos++;
                value *= power();
            } else if (c == '/') {
                pos++;
                value /= power();
            } else if (c == '%') {
                pos++;
                value %= power();
            } else {
                break;
            }
        }
        return value;
    }

    private double power() {
        double value = unary();
        while (pos < text.length() && text.charAt(pos) == '^') {
            pos++;
            value = Math.pow(value, unary());
        }
        return value;
    }

    private double unary() {
        if (pos < text.length() && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
            boolean negative = text.charAt(pos++) == '-';
            double value = unary();
            return negative ? -value : value;
        }
        return primary();
    }

    private double primary() {
        if (pos >= text.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            double value = expression();
            expect(')');
            return value;
        }
        if (Character.isDigit(c) || c == '.') {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            return Double.parseDouble(text.substring(start, pos));
        }
        if (Character.isLetter(c)) {
            int start = pos;
            while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
                pos++;
            }
            String name = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == '(') {
                DoubleUnaryOperator f = FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
                if (f == null) {
                    throw new IllegalArgumentException("unknown function " + name);
                }
                pos++;
                double arg = expression();
                expect(')');
                return f.applyAsDouble(arg);
            }
            return switch (name) {
                case "pi", "PI" -> Math.PI;
                case "e", "E" -> Math.E;
                default -> throw new IllegalArgumentException("unknown name " + name);
            };
        }
        throw new IllegalArgumentException("unexpected '" + c + "'");
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw new IllegalArgumentException("expected '" + c + "'");
        }
        pos++;
    }
}
