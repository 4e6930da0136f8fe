package dev.symbia.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from telemetry before it leaves a service: attributes whose key names a secret
 * lose their value, and secrets recognisable by shape (API keys, bearer tokens, JWTs, key=value
 * pairs, URL parameters) are masked inside any text — log messages, span names, exception messages.
 */
public final class SecretRedactor {

    public static final String MASK = "[REDACTED]";

    // Key fragments that mean "this value is a secret". Checked on a lower-cased key stripped of separators.
    private static final List<String> SECRET_KEY_PARTS = List.of(
            "password", "passwd", "secret", "apikey", "authorization", "cookie", "credential", "privatekey",
            "accesstoken", "refreshtoken", "idtoken", "sessiontoken", "bearer", "encryptionkey", "signingkey");

    private static final List<Pattern> TEXT_PATTERNS = List.of(
            // Platform API keys: sk_ + hex.
            Pattern.compile("\\bsk_[0-9a-fA-F]{8,}"),
            // Provider-style keys (OpenAI sk-..., HuggingFace hf_...).
            Pattern.compile("\\b(?:sk-[A-Za-z0-9_-]{16,}|hf_[A-Za-z0-9]{16,})"),
            // JSON Web Tokens.
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"));

    private static final Pattern BEARER = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(\"?(?:password|passwd|secret|token|api[_-]?key|x-api-key|apikey|credential|authorization|refreshToken|accessToken|currentPassword|newPassword|client[_-]?secret)\"?\\s*[:=]\\s*\"?)([^\\s\"',;&}]+)");

    private SecretRedactor() {
    }

    /** True when an attribute or field with this name holds a secret. Token counts are not secrets. */
    public static boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        String normalized = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (SECRET_KEY_PARTS.stream().anyMatch(normalized::contains)) {
            return true;
        }
        // "token" alone is a secret ("token", "x.token"), "tokens"/"token_count" are usage numbers.
        return normalized.endsWith("token") || normalized.equals("key") || normalized.endsWith("apikey");
    }

    /** The text with every recognisable secret masked. */
    public static String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Pattern pattern : TEXT_PATTERNS) {
            result = pattern.matcher(result).replaceAll(MASK);
        }
        result = BEARER.matcher(result).replaceAll("$1 " + MASK);
        Matcher keyValue = KEY_VALUE.matcher(result);
        result = keyValue.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK));
        return result;
    }

    /** Attributes with secret-named values masked and secrets inside string values masked. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Attributes redact(Attributes attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return attributes;
        }
        AttributesBuilder builder = Attributes.builder();
        attributes.forEach((key, value) -> {
            if (isSecretKey(key.getKey())) {
                builder.put(AttributeKey.stringKey(key.getKey()), MASK);
            } else if (key.getType() == AttributeType.STRING) {
                builder.put((AttributeKey<String>) key, redactText((String) value));
            } else {
                builder.put((AttributeKey) key, value);
            }
        });
        return builder.build();
    }
}
