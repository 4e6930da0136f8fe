package dev.symbia.network.security;

import dev.symbia.core.RuntimeMode;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * SCAFFOLD: replaced by libs/auth principal.
 *
 * <p>Until libs/auth verifies JWTs, API keys and service tokens, a caller asserts who it is with
 * trusted development headers, honoured only outside production:
 * <pre>
 * X-Symbia-Principal:    service:messaging | agent:&lt;agentId&gt; | user:&lt;userId&gt;
 * X-Symbia-Capabilities: cap:network.events.read,cap:network.events.write
 * X-Symbia-Super-Admin:  true
 * X-Symbia-Org:          &lt;org id&gt;
 * </pre>
 * In production nothing is honoured, so every protected endpoint answers 401 until libs/auth is wired.
 */
final class ScaffoldCallerResolver implements CallerResolver {

    static final String PRINCIPAL = "X-Symbia-Principal";
    static final String CAPABILITIES = "X-Symbia-Capabilities";
    static final String SUPER_ADMIN = "X-Symbia-Super-Admin";
    static final String ORG = "X-Symbia-Org";

    private static final Pattern PRINCIPAL_FORMAT = Pattern.compile("(user|agent|service):([A-Za-z0-9][A-Za-z0-9._:@-]{0,127})");

    private final RuntimeMode mode;

    ScaffoldCallerResolver(RuntimeMode mode) {
        this.mode = mode;
    }

    @Override
    public Optional<Caller> resolve(Function<String, String> header) {
        if (mode.isProduction()) {
            return Optional.empty();
        }
        String principal = header.apply(PRINCIPAL);
        if (principal == null) {
            return Optional.empty();
        }
        var matcher = PRINCIPAL_FORMAT.matcher(principal.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Caller.Kind kind = Caller.Kind.valueOf(matcher.group(1).toUpperCase(java.util.Locale.ROOT));
        String caps = header.apply(CAPABILITIES);
        Set<String> capabilities = caps == null ? Set.of() : Arrays.stream(caps.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return Optional.of(new Caller(kind, matcher.group(2), header.apply(ORG), capabilities,
                "true".equalsIgnoreCase(header.apply(SUPER_ADMIN))));
    }
}
