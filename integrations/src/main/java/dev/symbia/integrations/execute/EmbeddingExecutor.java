package dev.symbia.integrations.execute;

import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.credential.CredentialChain;
import dev.symbia.integrations.provider.ProviderConfig;
import dev.symbia.integrations.provider.ProviderException;
import dev.symbia.integrations.provider.openai.OpenAiCompatibleClient;
import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.integrations.stream.ProviderFailure;
import dev.symbia.integrations.stream.Usage;
import dev.symbia.integrations.support.RequestId;
import dev.symbia.integrations.usage.BudgetGuard;
import dev.symbia.integrations.usage.Outcome;
import dev.symbia.integrations.usage.TokenEstimator;
import dev.symbia.integrations.usage.UsageRecord;
import dev.symbia.integrations.usage.UsageRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Embeddings through a provider's OpenAI-compatible {@code /embeddings}: the caller's key from the
 * vault (or the environment), budgets, one usage row per call (prompt tokens from the provider, else
 * estimated). One attempt, no failover: an embedding from another provider's model would not be
 * comparable with the caller's others.
 */
@Service
public class EmbeddingExecutor {

    private final CredentialChain credentials;
    private final OpenAiCompatibleClient client;
    private final BudgetGuard budget;
    private final UsageRecorder usage;

    public EmbeddingExecutor(CredentialChain credentials, OpenAiCompatibleClient client, BudgetGuard budget,
            UsageRecorder usage) {
        this.credentials = credentials;
        this.client = client;
        this.budget = budget;
        this.usage = usage;
    }

    /**
     * @param body the OpenAI embeddings request, its {@code model} already the provider's own id
     * @param inputCharacters size of the input, for an estimate when the provider reports no usage
     * @return the provider's answer (OpenAI's {@code {object: list, data, model, usage}})
     */
    public JsonNode embed(Account account, ProviderConfig provider, ObjectNode body, long inputCharacters) {
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        String model = body.path("model").asString();
        budget.check(account);
        Credential credential = provider.requiresKey()
                ? credentials.find(account, provider.name()).orElseThrow(() -> new ProviderException(provider.name(),
                        ProviderFailure.of(ErrorCategory.AUTH, "No API key is configured for provider " + provider.name()
                                + "."), List.of()))
                : credentials.keyless(account, provider.name());
        try {
            JsonNode answer = client.embed(provider, credential.apiKey(), credential.headers(), body);
            JsonNode reported = answer.path("usage");
            boolean estimated = !reported.path("prompt_tokens").isIntegralNumber();
            int prompt = estimated ? TokenEstimator.text(inputCharacters) : Math.max(0, reported.path("prompt_tokens").asInt());
            record(account, provider, model, answer.path("model").asString(null), credential, Outcome.SUCCESS, null,
                    Usage.of(prompt, 0), estimated, start, startedAt);
            return answer;
        } catch (ProviderException e) {
            record(account, provider, model, null, credential, Outcome.ERROR, e.failure().category().wireName(),
                    Usage.of(0, 0), false, start, startedAt);
            throw e;
        }
    }

    private void record(Account account, ProviderConfig provider, String model, String served, Credential credential,
            Outcome outcome, String errorCategory, Usage tokens, boolean estimated, long start, Instant startedAt) {
        usage.record(new UsageRecord(account.orgId(), account.userId(), RequestId.current(), "openai", provider.name(),
                model, served, credential.origin().wireName(), false, outcome, errorCategory, null, tokens, estimated,
                1, null, Duration.ofNanos(System.nanoTime() - start).toMillis(), startedAt));
    }
}
