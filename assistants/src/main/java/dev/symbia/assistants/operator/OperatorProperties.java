package dev.symbia.assistants.operator;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator assistant's settings ({@code symbia.assistants.operator.*}).
 *
 * @param key             the assistant that is the operator (the catalog's bootstrapped {@code assistants/symbia})
 * @param maxSteps        model turns plus tool calls one request may take before it stops
 * @param toolTimeout     one tool call to another service
 * @param modelTimeout    one model turn through integrations
 * @param confirmationTtl how long a confirmation waits for the user's yes or no
 * @param provider        integrations provider for the operator's model (blank: integrations' default)
 * @param model           model id (blank: the provider's default)
 * @param lease           how long a replica holds a running request without renewing it (each step renews it);
 *                        after that another replica takes it over
 */
@Validated
@ConfigurationProperties("symbia.assistants.operator")
public record OperatorProperties(
        @DefaultValue("true") boolean enabled,
        @NotBlank @DefaultValue("symbia") String key,
        @Min(1) @Max(50) @DefaultValue("12") int maxSteps,
        @NotNull @DefaultValue("60s") Duration toolTimeout,
        @NotNull @DefaultValue("90s") Duration modelTimeout,
        @NotNull @DefaultValue("15m") Duration confirmationTtl,
        @DefaultValue("") String provider,
        @DefaultValue("") String model,
        @NotNull @DefaultValue("3m") Duration lease) {
}
