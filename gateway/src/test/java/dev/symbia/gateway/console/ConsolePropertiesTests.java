package dev.symbia.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Supabase settings that reach the page's CSP and meta elements: only a well-formed project URL and key. */
class ConsolePropertiesTests {

    private static final String KEY = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.sig";

    @Test
    void supabaseSignInNeedsBothSettingsAndUsesTheOriginOnly() {
        assertThat(new ConsoleProperties("", "").supabaseOrigin()).isEmpty();
        assertThat(new ConsoleProperties("https://abc.supabase.co", "").supabaseOrigin()).isEmpty();
        assertThat(new ConsoleProperties("", KEY).supabaseOrigin()).isEmpty();
        assertThat(new ConsoleProperties("https://abc.supabase.co/", KEY).supabaseOrigin()).hasValue("https://abc.supabase.co");
        assertThat(new ConsoleProperties("http://127.0.0.1:54321/auth", KEY).supabaseOrigin()).hasValue("http://127.0.0.1:54321");
    }

    @Test
    void aUrlThatCouldWidenThePolicyOrBreakTheAttributeIsRefusedAtStart() {
        assertThatThrownBy(() -> new ConsoleProperties("javascript:alert(1)", KEY).supabaseOrigin())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ConsoleProperties("https://user:pass@abc.supabase.co", KEY).supabaseOrigin())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ConsoleProperties("https://abc.supabase.co\" onload=\"x", KEY).supabaseOrigin())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ConsoleProperties("https://abc.supabase.co", "\"><script>").safeAnonKey())
                .isInstanceOf(IllegalStateException.class);
    }
}
