package dev.symbia.identity.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.core.RuntimeMode;
import dev.symbia.identity.config.IdentitySecrets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Production refuses to start without real secrets; development falls back with a warning. */
class SecretsStartupTests {

    private static final String KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String LONG = "0123456789abcdef0123456789abcdef0123";

    @Test
    void productionNeedsEverySecret() {
        assertThatThrownBy(() -> IdentitySecrets.load(new MockEnvironment(), RuntimeMode.PRODUCTION))
                .hasMessageContaining("SESSION_SECRET");
        assertThatThrownBy(() -> IdentitySecrets.load(new MockEnvironment().withProperty("SESSION_SECRET", LONG)
                .withProperty("INTERNAL_SERVICE_SECRET", LONG), RuntimeMode.PRODUCTION))
                .hasMessageContaining("CREDENTIAL_ENCRYPTION_KEY");
        assertThatThrownBy(() -> IdentitySecrets.load(new MockEnvironment().withProperty("SESSION_SECRET", LONG)
                .withProperty("CREDENTIAL_ENCRYPTION_KEY", KEY), RuntimeMode.PRODUCTION))
                .hasMessageContaining("INTERNAL_SERVICE_SECRET");
        IdentitySecrets ok = IdentitySecrets.load(new MockEnvironment().withProperty("SESSION_SECRET", LONG)
                .withProperty("INTERNAL_SERVICE_SECRET", LONG).withProperty("CREDENTIAL_ENCRYPTION_KEY", KEY), RuntimeMode.PRODUCTION);
        assertThat(ok.credentialKey()).hasSize(32);
        assertThat(ok.toString()).doesNotContain(LONG);
    }

    @Test
    void theVaultKeyMustBeAFull256BitHexKey() {
        assertThatThrownBy(() -> IdentitySecrets.load(new MockEnvironment().withProperty("CREDENTIAL_ENCRYPTION_KEY",
                "too-short"), RuntimeMode.DEVELOPMENT)).hasMessageContaining("64 hex");
        assertThat(IdentitySecrets.load(new MockEnvironment().withProperty("CREDENTIAL_ENCRYPTION_KEY", KEY),
                RuntimeMode.DEVELOPMENT).credentialKey()[31]).isEqualTo((byte) 0x1f);
    }

    @Test
    void developmentFallsBackToEphemeralSecrets() {
        IdentitySecrets dev = IdentitySecrets.load(new MockEnvironment(), RuntimeMode.DEVELOPMENT);
        assertThat(dev.ephemeralSessionSecret()).isTrue();
        assertThat(dev.internalServiceSecret()).isEmpty();
        assertThat(dev.derive("a")).isNotEqualTo(dev.derive("b"));
    }
}
