package dev.symbia.integrations.execute;

import dev.symbia.auth.Caller;
import dev.symbia.core.ProblemTypes;
import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.credential.CredentialChain;
import dev.symbia.integrations.metrics.ChatMetrics;
import dev.symbia.integrations.provider.CircuitBreakers;
import dev.symbia.integrations.provider.ProviderConfig;
import dev.symbia.integrations.provider.ProviderException;
import dev.symbia.integrations.provider.ProviderRegistry;
import dev.symbia.integrations.provider.openai.OpenAiCompatibleClient;
import dev.symbia.integrations.stream.CallerConnection;
import dev.symbia.integrations.stream.CallerLeftException;
import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.integrations.stream.EventChannel;
import dev.symbia.integrations.stream.ProviderFailure;
import dev.symbia.integrations.stream.StreamEvent;
import dev.symbia.integrations.stream.Usage;
import dev.symbia.integrations.support.RequestId;
import dev.symbia.integrations.usage.BudgetGuard;
import dev.symbia.integrations.usage.Outcome;
import dev.symbia.integrations.usage.TokenEstimator;
import dev.symbia.integrations.usage.UsageRecord;
import dev.symbia.integrations.usage.UsageRecorder;
import dev.symbia.web.problem.ProblemException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Runs chat calls: resolves provider, model and key; calls the provider through its circuit
 * breaker; before the first byte reaches the caller, retries once or fails over to the next
 * configured provider (at most {@code max-attempts} in all); after it, never retries — a failure
 * becomes the stream's terminal error. Every call ends in exactly one usage row and its metrics.
 * A caller that leaves (see {@link CallerConnection}) cancels the provider call, whatever its phase.
 */
@Service
public class ChatExecutor {

    private final ProviderRegistry registry;
    private final CredentialChain credentials;
    private final OpenAiCompatibleClient client;
    private final CircuitBreakers breakers;
    private final ModelCatalog models;
    private final BudgetGuard budget;
    private final UsageRecorder usage;
    private final ChatMetrics metrics;
    private final ExecutionProperties properties;

    public ChatExecutor(ProviderRegistry registry, CredentialChain credentials, OpenAiCompatibleClient client,
            CircuitBreakers breakers, ModelCatalog models, BudgetGuard budget, UsageRecorder usage,
            ChatMetrics metrics, ExecutionProperties properties) {
        this.registry = registry;
        this.credentials = credentials;
        this.client = client;
        this.breakers = breakers;
        this.models = models;
        this.budget = budget;
        this.usage = usage;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** {@link #open(Caller, ChatCommand, CallerConnection)} for a caller whose connection is not watched. */
    public ChatSession open(Caller caller, ChatCommand command) {
        return open(caller, command, CallerConnection.UNWATCHED);
    }

    /**
     * Starts a chat and returns once the provider's first event is in hand, so that a failure before
     * the first byte is still an ordinary HTTP error (with retries and failover already spent).
     *
     * @param connection probed while waiting for the first event
     * @throws ProviderException    when every attempt failed before the first byte
     * @throws ProblemException     for an unknown provider, a missing key or model, an exhausted budget
     * @throws CallerLeftException  when the caller left first (the provider call is cancelled and accounted)
     */
    public ChatSession open(Caller caller, ChatCommand command, CallerConnection connection) {
        long startNanos = System.nanoTime();
        Instant startedAt = Instant.now();
        ProviderConfig provider = command.provider() == null ? registry.defaultProvider()
                : registry.find(command.provider()).orElseThrow(() -> unknownProvider(command.provider()));
        provider.refuses(command.params().featuresUsed()).ifPresent(field -> {
            throw unsupported(provider, field);
        });
        Account account = Account.of(caller);
        budget.check(account);
        Credential credential = credentialFor(account, provider)
                .orElseThrow(() -> new ProviderException(provider.name(), ProviderFailure.of(ErrorCategory.AUTH,
                        "No API key is configured for provider " + provider.name() + "."), List.of()));
        String model = command.params().model() != null ? command.params().model()
                : models.defaultModel(provider, credential).orElseThrow(() -> noModel(provider));
        Target target = new Target(provider, model, credential);

        List<Map<String, Object>> failedAttempts = new ArrayList<>();
        Set<String> tried = new HashSet<>();
        while (true) {
            tried.add(target.name());
            ProviderFailure failure;
            CircuitBreaker breaker = breakers.of(target.name());
            if (!breaker.tryAcquirePermission()) {
                failure = breakers.refusal(target.name());
            } else {
                long attemptStart = System.nanoTime();
                EventChannel channel = client.stream(target.provider(), target.credential().apiKey(), target.credential().headers(),
                        command.params().withModel(target.model()));
                StreamEvent first = awaitFirst(channel, connection);
                if (first == null) { // the caller left; the provider call is already cancelled
                    breaker.releasePermission(); // neither a success nor a failure of the provider
                    Usage prompt = Usage.of(TokenEstimator.prompt(command.params().messages()), 0);
                    accountUnopened(account, command, target, Outcome.CANCELLED, null, prompt, failedAttempts.size() + 1,
                            startNanos, startedAt);
                    throw new CallerLeftException();
                }
                if (!(first instanceof StreamEvent.Failed failed)) {
                    metrics.streamOpened();
                    return new ChatSession(this, account, command, target, channel, first, breaker,
                            failedAttempts.size() + 1, startNanos, startedAt, attemptStart);
                }
                failure = failed.failure();
                breakers.failed(breaker, failure, System.nanoTime() - attemptStart);
            }
            metrics.attemptFailed(target.name(), failure.category(), false);
            failedAttempts.add(attempt(target, failure));
            Target next = failedAttempts.size() < properties.maxAttempts()
                    ? nextTarget(account, target, failure, tried, command.params().featuresUsed()) : null;
            if (next == null) {
                accountUnopened(account, command, target, Outcome.ERROR, failure, new Usage(0, 0, 0),
                        failedAttempts.size(), startNanos, startedAt);
                throw new ProviderException(target.name(), failure, failedAttempts);
            }
            target = next;
        }
    }

    /** {@link #complete(Caller, ChatCommand, CallerConnection)} for a caller whose connection is not watched. */
    public ChatResult complete(Caller caller, ChatCommand command) {
        return complete(caller, command, CallerConnection.UNWATCHED);
    }

    /**
     * A non-streamed chat: the whole reply, or a problem. The caller's connection is probed all
     * along, as nothing is written to it until the end.
     *
     * @throws CallerLeftException when the caller left first (the provider call is cancelled and accounted)
     */
    public ChatResult complete(Caller caller, ChatCommand command, CallerConnection connection) {
        ChatSession session = open(caller, command, connection);
        Duration wait = connection.watched() ? properties.callerCheck() : null;
        ReplyAssembler reply = new ReplyAssembler();
        try (session) {
            while (true) {
                StreamEvent event = session.next(wait);
                switch (event) {
                    case StreamEvent.Delta delta -> reply.add(delta);
                    case StreamEvent.ToolCallDelta fragment -> reply.add(fragment);
                    case StreamEvent.Done done -> {
                        return session.result(done, reply);
                    }
                    case StreamEvent.Failed failed -> throw new ProviderException(session.provider(), failed.failure(),
                            List.of());
                    case null -> {
                        if (connection.gone()) {
                            session.cancel();
                            throw new CallerLeftException();
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            session.cancel();
            Thread.currentThread().interrupt();
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Shutting down",
                    "The service is shutting down.");
        }
    }

    // Called once per session when it ends (success, error or cancellation).
    void account(ChatSession session, Outcome outcome, StreamEvent.Done done, ProviderFailure failure, Usage tokens,
            boolean estimated, Duration ttft) {
        long nanos = System.nanoTime() - session.attemptStartNanos();
        if (failure != null) {
            breakers.failed(session.breaker(), failure, nanos);
            metrics.attemptFailed(session.provider(), failure.category(), true);
        } else {
            breakers.succeeded(session.breaker(), nanos);
        }
        metrics.streamClosed();
        Duration duration = Duration.ofNanos(System.nanoTime() - session.startNanos());
        metrics.finished(session.provider(), session.model(), outcome.wireName(), tokens.promptTokens(),
                tokens.completionTokens(), ttft, duration);
        Account account = session.account();
        usage.record(new UsageRecord(account.orgId(), account.userId(), session.requestId(), session.command().surface(),
                session.provider(), session.model(), done == null ? null : done.model(),
                session.credentialOrigin(), session.command().streamed(), outcome,
                failure == null ? null : failure.category().wireName(),
                done != null ? done.finishReason() : outcome == Outcome.CANCELLED ? "cancelled" : null,
                tokens, estimated, session.attempts(), ttft == null ? null : ttft.toMillis(), duration.toMillis(),
                session.startedAt()));
    }

    // A call that ended before any provider event: every attempt failed (tokens 0), or the caller
    // left (the provider had the prompt: its tokens are estimated).
    private void accountUnopened(Account account, ChatCommand command, Target target, Outcome outcome,
            ProviderFailure failure, Usage tokens, int attempts, long startNanos, Instant startedAt) {
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        boolean cancelled = outcome == Outcome.CANCELLED;
        metrics.finished(target.name(), target.model(), outcome.wireName(), tokens.promptTokens(),
                tokens.completionTokens(), null, duration);
        usage.record(new UsageRecord(account.orgId(), account.userId(), RequestId.current(), command.surface(),
                target.name(), target.model(), null, target.credential().origin().wireName(), command.streamed(),
                outcome, failure == null ? null : failure.category().wireName(), cancelled ? "cancelled" : null,
                tokens, cancelled, attempts, null, duration.toMillis(), startedAt));
    }

    private Target nextTarget(Account account, Target current, ProviderFailure failure, Set<String> tried,
            List<String> features) {
        if (properties.failover() && failure.category().worthFailover()) {
            for (ProviderConfig candidate : registry.all()) {
                if (tried.contains(candidate.name()) || ProviderRegistry.LOCAL.equals(candidate.name())
                        || !breakers.admits(candidate.name()) || candidate.refuses(features).isPresent()) {
                    continue;
                }
                Optional<Credential> key = credentialFor(account, candidate);
                Optional<String> model = key.flatMap(k -> models.defaultModel(candidate, k));
                if (model.isPresent()) {
                    return new Target(candidate, model.get(), key.get());
                }
            }
        }
        if (failure.category().retryableOnSameProvider() && breakers.admits(current.name())) {
            return current;
        }
        return null;
    }

    private Optional<Credential> credentialFor(Account account, ProviderConfig provider) {
        if (!provider.requiresKey()) {
            return Optional.of(credentials.keyless(account, provider.name()));
        }
        return credentials.find(account, provider.name());
    }

    // The provider's first event; null when the caller left first (the provider call is then cancelled).
    private StreamEvent awaitFirst(EventChannel channel, CallerConnection connection) {
        try {
            if (!connection.watched()) {
                return channel.next();
            }
            while (true) {
                StreamEvent event = channel.poll(properties.callerCheck());
                if (event != null) {
                    return event;
                }
                if (connection.gone()) {
                    channel.cancel();
                    return null;
                }
            }
        } catch (InterruptedException e) {
            channel.cancel();
            Thread.currentThread().interrupt();
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Shutting down",
                    "The service is shutting down.");
        }
    }

    private static Map<String, Object> attempt(Target target, ProviderFailure failure) {
        Map<String, Object> attempt = new LinkedHashMap<>();
        attempt.put("provider", target.name());
        attempt.put("model", target.model());
        attempt.put("category", failure.category().wireName());
        if (failure.upstreamStatus() > 0) {
            attempt.put("upstreamStatus", failure.upstreamStatus());
        }
        return attempt;
    }

    private ProblemException unknownProvider(String name) {
        return new ProblemException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Unknown provider",
                "No provider named '" + name + "' is configured.",
                Map.of("providers", registry.all().stream().map(ProviderConfig::name).toList()));
    }

    // Never a silent drop: a field the provider would ignore or reject is refused here, by name.
    private static ProblemException unsupported(ProviderConfig provider, String field) {
        return new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Unsupported by the provider",
                "Provider " + provider.name() + " does not support the field '" + field + "'.",
                Map.of("provider", provider.name(), "field", field,
                        "errors", List.of(Map.of("field", field, "message", "not supported by provider " + provider.name()))));
    }

    private static ProblemException noModel(ProviderConfig provider) {
        return ProblemException.badRequest("No model was given and provider " + provider.name()
                + " has no default model configured or listed.");
    }
}
