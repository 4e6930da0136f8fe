package dev.symbia.relay;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) over a Jackson tree: object members sorted by the
 * UTF-16 code units of their names, numbers serialised as ECMAScript's {@code Number.prototype.toString}
 * does, strings with the minimal escaping of ECMAScript's {@code JSON.stringify}, no whitespace.
 *
 * <p>Input outside I-JSON (RFC 7493) is refused rather than silently changed, because a signature
 * over a value that two parties canonicalise differently is worthless: non-finite numbers,
 * integers that an IEEE-754 double cannot hold exactly, lone surrogates, binary or POJO nodes.
 */
public final class Jcs {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Jcs() {
    }

    /** The canonical form as UTF-8 bytes: what gets signed. */
    public static byte[] canonicalBytes(JsonNode node) {
        return canonicalize(node).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical form as a string. */
    public static String canonicalize(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    /** Appends the canonical form of a value (for writers of a known object's members in canonical order). */
    static void append(JsonNode node, StringBuilder out) {
        write(node, out);
    }

    /** Appends a canonical string literal. */
    static void appendString(String value, StringBuilder out) {
        string(value, out);
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else if (node.isString()) {
            string(node.stringValue(), out);
        } else if (node.isNumber()) {
            out.append(number(node));
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            // String.compareTo compares UTF-16 code units, which is exactly RFC 8785 §3.2.3.
            members.sort(Map.Entry.comparingByKey());
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> member : members) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(member.getKey(), out);
                out.append(':');
                write(member.getValue(), out);
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("JCS cannot canonicalise a " + node.getNodeType() + " node");
        }
    }

    private static String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            BigInteger exact = node.bigIntegerValue();
            double value = exact.doubleValue();
            // I-JSON: an integer the double cannot represent exactly would canonicalise to a different number.
            if (Double.isInfinite(value) || !new BigDecimal(value).toBigIntegerExact().equals(exact)) {
                throw new IllegalArgumentException("integer " + exact + " is not exactly representable as an IEEE-754 double");
            }
            return serialize(value);
        }
        return serialize(node.doubleValue());
    }

    /** ECMAScript {@code Number.prototype.toString()} for a finite double (RFC 8785 §3.2.2.3). */
    public static String serialize(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("JSON has no representation for " + value);
        }
        if (value == 0) {
            return "0"; // also -0
        }
        StringBuilder out = new StringBuilder(32);
        if (value < 0) {
            out.append('-');
            value = -value;
        }
        Decimal decimal = shortest(value);
        String s = decimal.digits;
        int k = s.length();
        int n = decimal.pointPosition;
        if (k <= n && n <= 21) {
            out.append(s);
            out.repeat('0', n - k);
        } else if (0 < n && n <= 21) {
            out.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.");
            out.repeat('0', -n);
            out.append(s);
        } else {
            out.append(s.charAt(0));
            if (k > 1) {
                out.append('.').append(s, 1, k);
            }
            int exponent = n - 1;
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }

    /** Digits s and position n with value = 0.s × 10^n, s as short as possible, then closest. */
    private record Decimal(String digits, int pointPosition) {
    }

    private static Decimal shortest(double value) {
        // Since JDK 19 Double.toString yields the shortest decimal that rounds to the value (Ryu-like),
        // except that when one digit would do it may prefer a closer two-digit one (e.g. 4.9E-324
        // for 5e-324): ECMAScript wants the shortest, so that case is corrected below.
        String text = Double.toString(value);
        int e = text.indexOf('E');
        int exponent = e < 0 ? 0 : Integer.parseInt(text.substring(e + 1));
        String mantissa = e < 0 ? text : text.substring(0, e);
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = dot + exponent;
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits = digits.substring(lead);
        point -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        if (digits.length() == 2) {
            Decimal one = oneDigit(value, digits, point);
            if (one != null) {
                return one;
            }
        }
        return new Decimal(digits, point);
    }

    private static Decimal oneDigit(double value, String twoDigits, int point) {
        int first = twoDigits.charAt(0) - '0';
        BigDecimal exact = new BigDecimal(value);
        Decimal best = null;
        BigDecimal bestDistance = null;
        for (int candidate : new int[] {first, first + 1}) {
            Decimal decimal = candidate == 10 ? new Decimal("1", point + 1) : new Decimal(Integer.toString(candidate), point);
            if (decimal.digits.equals("0")) {
                continue;
            }
            BigDecimal approximation = new BigDecimal(new BigInteger(decimal.digits), -(decimal.pointPosition - 1));
            if (approximation.doubleValue() != value) {
                continue;
            }
            BigDecimal distance = approximation.subtract(exact).abs();
            if (best == null || distance.compareTo(bestDistance) < 0) {
                best = decimal;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        int plain = 0;
        while (plain < value.length() && isPlain(value.charAt(plain))) {
            plain++;
        }
        // Most strings have nothing to escape or check: appended in one copy, not char by char (issue 26).
        out.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                            throw new IllegalArgumentException("string contains a lone surrogate");
                        }
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isLowSurrogate(c)) {
                        throw new IllegalArgumentException("string contains a lone surrogate");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** True for a character appended as is: not escaped, not half of a surrogate pair. */
    private static boolean isPlain(char c) {
        return c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c);
    }
}
