package dev.symbia.runtime.component;

/**
 * Evaluates an expression of numbers, {@code + - * / ( )} and whitespace by recursive descent: no script
 * engine, nothing else is accepted. Unary minus and plus are allowed (a substituted negative input).
 */
final class Arithmetic {

    private final String text;
    private int at;

    private Arithmetic(String text) {
        this.text = text;
    }

    /** The value, or an IllegalArgumentException naming what is wrong. */
    static double evaluate(String expression) {
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (!(Character.isDigit(c) && c < 128) && " \t\r\n+-*/().".indexOf(c) < 0) {
                throw new IllegalArgumentException("expression may only hold numbers, whitespace and + - * / ( )");
            }
        }
        Arithmetic parser = new Arithmetic(expression);
        double value = parser.sum();
        parser.skip();
        if (parser.at != expression.length()) {
            throw new IllegalArgumentException("unexpected '" + expression.charAt(parser.at) + "' at " + parser.at);
        }
        return value;
    }

    private double sum() {
        double value = product();
        while (true) {
            skip();
            if (eat('+')) {
                value += product();
            } else if (eat('-')) {
                value -= product();
            } else {
                return value;
            }
        }
    }

    private double product() {
        double value = unary();
        while (true) {
            skip();
            if (eat('*')) {
                value *= unary();
            } else if (eat('/')) {
                value /= unary();
            } else {
                return value;
            }
        }
    }

    private double unary() {
        skip();
        if (eat('-')) {
            return -unary();
        }
        if (eat('+')) {
            return unary();
        }
        if (eat('(')) {
            double value = sum();
            skip();
            if (!eat(')')) {
                throw new IllegalArgumentException("missing ')' at " + at);
            }
            return value;
        }
        int start = at;
        while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
            at++;
        }
        String number = text.substring(start, at);
        if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
            throw new IllegalArgumentException(start >= text.length() ? "unexpected end of expression"
                    : "expected a number at " + start);
        }
        return Double.parseDouble(number);
    }

    private boolean eat(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void skip() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
