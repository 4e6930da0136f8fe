package dev.symbia.identity.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Identity's own settings ({@code symbia.identity.*}); secrets come from the environment
 * ({@link IdentitySecrets}).
 *
 * @param accessTokenTtl    lifetime of access tokens (SPEC: 15 min)
 * @param refreshTokenTtl   lifetime of refresh tokens (SPEC: 30 days)
 * @param serviceTokenTtl   lifetime of service tokens
 * @param passwordResetTtl  lifetime of a password-reset token
 * @param bcryptCost        bcrypt work factor, at least 10
 * @param signingKeyMaxAge  a signing key older than this is rotated on next use
 * @param vaultReaders      services allowed to read decrypted credentials
 * @param mailFrom          sender of password-reset mail
 * @param resetUrl          link sent in reset mail; the token is appended as {@code ?token=}
 * @param secureCookies     mark the token cookie Secure (on by default in production)
 * @param limits            abuse limits
 */
@Validated
@ConfigurationProperties("symbia.identity")
public record IdentityProperties(
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("5m") Duration serviceTokenTtl,
        @DefaultValue("1h") Duration passwordResetTtl,
        @DefaultValue("10") int bcryptCost,
        @DefaultValue("90d") Duration signingKeyMaxAge,
        @DefaultValue({"integrations", "assistants", "runtime"}) List<String> vaultReaders,
        @DefaultValue("no-reply@symbia.local") String mailFrom,
        @DefaultValue("http://localhost:8080/reset-password") String resetUrl,
        Boolean secureCookies,
        @DefaultValue Limits limits) {

    public IdentityProperties {
        if (bcryptCost < 10 || bcryptCost > 31) {
            throw new IllegalArgumentException("symbia.identity.bcrypt-cost must be between 10 and 31");
        }
    }

    /**
     * Abuse limits, each "at most N per window" for one client IP or one account.
     *
     * @param loginPerIp           login attempts per IP
     * @param loginFailuresPerAccount failed logins per account before it is locked for the window
     * @param registerPerIp        registrations per IP
     * @param resetPerIp           password-reset requests per IP
     * @param resetPerAccount      password-reset requests per account
     * @param agentLoginPerIp      agent logins per IP
     * @param window               window of the per-IP limits
     * @param failureWindow        window of the per-account failure limit (also the lockout)
     */
    public record Limits(
            @DefaultValue("30") int loginPerIp,
            @DefaultValue("5") int loginFailuresPerAccount,
            @DefaultValue("10") int registerPerIp,
            @DefaultValue("10") int resetPerIp,
            @DefaultValue("3") int resetPerAccount,
            @DefaultValue("30") int agentLoginPerIp,
            @DefaultValue("1m") Duration window,
            @DefaultValue("15m") Duration failureWindow) {
    }
}
