package dev.symbia.assistants.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The assistants service's settings ({@code symbia.assistants.*}).
 *
 * @param catalogPoll     slow poll of the catalog's published assistants, besides the {@code catalog.resource.*}
 *                        events (which can be missed while the relay is down)
 * @param catalogTimeout  one catalog request
 * @param llmTimeout      one {@code llm.invoke} call through integrations (the reference's 45 s)
 * @param provenanceKey   base64 of a 32-byte Ed25519 seed ({@code ASSISTANTS_PROVENANCE_KEY}); without it the
 *                        service generates one once and keeps it in its schema, so replicas and restarts agree
 * @param repliesEnabled  answer {@code message.new} events (off only for tests that drive runs directly)
 * @param deltaInterval   a streamed reply's text is sent to messaging at most this often (the first at once)
 * @param serviceCalls    what {@code service.call} may reach: service, methods and path patterns (Ant style); a
 *                        call nothing here allows is refused
 * @param serviceCallTimeout one {@code service.call} or {@code integration.invoke}
 * @param agentTokenCache how long an assistant's agent token (and so what it was granted) is reused before
 *                        identity is asked again: a grant or revocation takes effect within this time
 */
@Validated
@ConfigurationProperties("symbia.assistants")
public record AssistantsProperties(
        @NotNull @DefaultValue("60s") Duration catalogPoll,
        @NotNull @DefaultValue("10s") Duration catalogTimeout,
        @NotNull @DefaultValue("45s") Duration llmTimeout,
        String provenanceKey,
        @DefaultValue("true") boolean repliesEnabled,
        @NotNull @DefaultValue("40ms") Duration deltaInterval,
        @NotNull @DefaultValue List<@Valid ServiceCallRule> serviceCalls,
        @NotNull @DefaultValue("15s") Duration serviceCallTimeout,
        @NotNull @DefaultValue("30s") Duration agentTokenCache) {

    /** One allow-list entry of {@code service.call}. */
    public record ServiceCallRule(@NotBlank String service, @NotEmpty List<@NotBlank String> methods,
            @NotEmpty List<@NotBlank String> paths) {
    }

    @Override
    public String toString() {
        return "AssistantsProperties[catalogPoll=" + catalogPoll + ", llmTimeout=" + llmTimeout + ", provenanceKey="
                + (provenanceKey == null ? "none" : "(set)") + "]";
    }
}
