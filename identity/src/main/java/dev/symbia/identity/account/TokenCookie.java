package dev.symbia.identity.account;

import dev.symbia.core.RuntimeMode;
import dev.symbia.identity.config.IdentityProperties;
import dev.symbia.identity.token.IssuedToken;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The httpOnly {@code token} cookie the website authenticates with. SameSite=Lax: sent on top-level
 * navigation only, which together with JSON-only endpoints keeps cross-site forms out.
 */
@Component
public class TokenCookie {

    static final String NAME = "token";
    private final boolean secure;

    TokenCookie(IdentityProperties properties, RuntimeMode mode) {
        this.secure = properties.secureCookies() != null ? properties.secureCookies() : mode.isProduction();
    }

    public String set(IssuedToken token) {
        return cookie(token.token(), Duration.ofSeconds(token.expiresIn()));
    }

    public String clear() {
        return cookie("", Duration.ZERO);
    }

    private String cookie(String value, Duration maxAge) {
        return ResponseCookie.from(NAME, value).httpOnly(true).secure(secure).sameSite("Lax").path("/")
                .maxAge(maxAge).build().toString();
    }

    public static String header() {
        return HttpHeaders.SET_COOKIE;
    }
}
