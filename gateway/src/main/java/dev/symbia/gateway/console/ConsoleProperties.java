package dev.symbia.gateway.console;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The console's optional Supabase sign-in: shown when both are set. The browser signs in at Supabase Auth with the
 * project's public (anon) key, then exchanges Supabase's access token at identity ({@code POST /api/auth/supabase}).
 *
 * @param supabaseUrl     the Supabase project's URL ({@code SUPABASE_URL}, the same variable identity verifies
 *                        tokens against); its origin is added to the page's {@code connect-src}
 * @param supabaseAnonKey the project's public anon key ({@code SUPABASE_ANON_KEY}; public by design, never the
 *                        service-role key)
 */
@Validated
@ConfigurationProperties("symbia.gateway.console")
record ConsoleProperties(@DefaultValue("") @NotNull String supabaseUrl, @DefaultValue("") @NotNull String supabaseAnonKey) {

    /** The Supabase origin ({@code https://host[:port]}) when sign-in with Supabase is configured and well formed. */
    Optional<String> supabaseOrigin() {
        if (supabaseUrl.isBlank() || supabaseAnonKey.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(supabaseUrl.strip());
            boolean http = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
            if (!http || uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw new IllegalStateException("SUPABASE_URL must be an http(s) URL without credentials");
            }
            return Optional.of(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("SUPABASE_URL is not a URL", e);
        }
    }

    /** The anon key as it may appear in an HTML attribute (a JWT: base64url and dots only). */
    String safeAnonKey() {
        if (!supabaseAnonKey.strip().matches("[A-Za-z0-9._-]+")) {
            throw new IllegalStateException("SUPABASE_ANON_KEY is not a Supabase key");
        }
        return supabaseAnonKey.strip();
    }
}
