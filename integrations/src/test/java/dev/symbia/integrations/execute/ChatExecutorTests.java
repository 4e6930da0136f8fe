package dev.symbia.integrations.execute;

import static dev.symbia.test.provider.Wire.sambaDelta;
import static dev.symbia.test.provider.Wire.sambaReply;
import static dev.symbia.test.provider.Wire.sambaRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symbia.auth.AuthMethod;
import dev.symbia.auth.Caller;
import dev.symbia.auth.PrincipalType;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.credential.Credential;
import dev.symbia.integrations.credential.CredentialChain;
import dev.symbia.integrations.credential.CredentialOrigin;
import dev.symbia.integrations.credential.CredentialSource;
import dev.symbia.integrations.metrics.ChatMetrics;
import dev.symbia.integrations.provider.ChatMessage;
import dev.symbia.integrations.provider.ChatParams;
import dev.symbia.integrations.provider.CircuitBreakerProperties;
import dev.symbia.integrations.provider.CircuitBreakers;
import dev.symbia.integrations.provider.ProviderException;
import dev.symbia.integrations.provider.ProviderRegistry;
import dev.symbia.integrations.provider.ProvidersProperties.ProviderSettings;
import dev.symbia.integrations.provider.ProvidersProperties;
import dev.symbia.integrations.provider.openai.OpenAiCompatibleClient;
import dev.symbia.integrations.stream.CallerConnection;
import dev.symbia.integrations.stream.CallerLeftException;
import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.integrations.stream.StreamEvent;
import dev.symbia.integrations.stream.TimeoutProperties;
import dev.symbia.integrations.support.OkHttpClients;
import dev.symbia.integrations.usage.BudgetGuard;
import dev.symbia.integrations.usage.Outcome;
import dev.symbia.integrations.usage.UsageProperties;
import dev.symbia.integrations.usage.UsageRecord;
import dev.symbia.integrations.usage.UsageRecorder;
import dev.symbia.test.provider.FakeProvider;
import dev.symbia.test.provider.HeldStream;
import dev.symbia.test.provider.ScriptedBody;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.json.JsonMapper;

/** Attempts, retries, the circuit breaker, accounting and metrics of the executor, against fake providers. */
class ChatExecutorTests {

    private static final String SAMBA_MODEL = "Meta-Llama-3.3-70B-Instruct";

    private final FakeProvider samba = new FakeProvider();
    private final FakeProvider hf = new FakeProvider();
    private final TimeoutProperties timeouts = new TimeoutProperties(Duration.ofSeconds(2), Duration.ofMillis(1500),
            Duration.ofMillis(1500), Duration.ofSeconds(20));
    private final OkHttpClient http = OkHttpClients.forProviders(timeouts);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final OpenAiCompatibleClient client = new OpenAiCompatibleClient(http, JsonMapper.builder().build(), timeouts,
            scheduler);
    private final List<UsageRecord> recorded = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ChatMetrics metrics = new ChatMetrics(meters);
    private final Caller caller = Caller.of(new SymbiaPrincipal(PrincipalType.USER, "user-1", "org-1",
            Map.of("org-1", "member"), Set.of(), false, null, null, null, AuthMethod.ACCESS_TOKEN, "jti-1", null));
    private CircuitBreakers breakers;

    @AfterEach
    void close() {
        samba.close();
        hf.close();
        scheduler.shutdownNow();
        http.dispatcher().executorService().shutdownNow();
    }

    private ChatExecutor executor(boolean failover, CircuitBreakerProperties breakerProperties) {
        ProvidersProperties properties = new ProvidersProperties("sambanova", Map.of(
                "sambanova", settings(samba.baseUrl(), SAMBA_MODEL),
                "huggingface", settings(hf.baseUrl(), "meta-llama/Llama-3.2-3B-Instruct")));
        ProviderRegistry registry = new ProviderRegistry(properties, new MockEnvironment());
        CredentialChain credentials = new CredentialChain(List.of(new CredentialSource() {
            @Override
            public Optional<Credential> find(Account account, String provider) {
                return Optional.of(new Credential("key-" + provider, CredentialOrigin.ENV));
            }
        }));
        UsageRecorder recorder = new UsageRecorder(null, null, null) {
            @Override
            public void record(UsageRecord record) {
                recorded.add(record);
            }
        };
        BudgetGuard unlimited = new BudgetGuard(null, new UsageProperties(Map.of(), new UsageProperties.Budget(0, 0)),
                recorder);
        breakers = new CircuitBreakers(breakerProperties);
        return new ChatExecutor(registry, credentials, client, breakers, new ModelCatalog(client), unlimited, recorder,
                metrics, new ExecutionProperties(2, failover, Duration.ofSeconds(1), Duration.ofMillis(50)));
    }

    private ChatExecutor executor(boolean failover) {
        return executor(failover, new CircuitBreakerProperties(50, 100, 100, Duration.ofSeconds(30), 1));
    }

    @Test
    void withoutFailoverA5xxIsRetriedOnceOnTheSameProvider() {
        samba.error(500, "{\"error\":{\"message\":\"internal\"}}");
        samba.stream(sambaReply(SAMBA_MODEL, true, "second", " time"));

        ChatResult result = executor(false).complete(caller, command());

        assertThat(result.content()).isEqualTo("second time");
        assertThat(result.metadata()).containsEntry("attempts", 2);
        assertThat(samba.drainChatRequests()).hasSize(2);
        assertThat(hf.drainChatRequests()).isEmpty();
    }

    @Test
    void callerSideFailuresAreNotRetried() {
        samba.error(401, "{\"error\":\"bad key\"}");

        assertThatThrownBy(() -> executor(true).complete(caller, command()))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.failure().category()).isEqualTo(ErrorCategory.AUTH));
        assertThat(samba.drainChatRequests()).hasSize(1);
        assertThat(hf.drainChatRequests()).isEmpty();
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.errorCategory()).isEqualTo("auth");
            assertThat(r.attempts()).isEqualTo(1);
        });
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndThenRefusesWithoutCallingTheProvider() {
        ChatExecutor executor = executor(false, new CircuitBreakerProperties(50, 4, 4, Duration.ofSeconds(30), 1));
        for (int i = 0; i < 4; i++) {
            samba.error(503, "{\"error\":{\"message\":\"maintenance\"}}");
        }
        for (int call = 0; call < 2; call++) {
            assertThatThrownBy(() -> executor.complete(caller, command())).isInstanceOf(ProviderException.class);
        }
        assertThat(breakers.state("sambanova")).isEqualTo("open");
        int callsSoFar = samba.drainChatRequests().size();

        assertThatThrownBy(() -> executor.complete(caller, command()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.failure().category()).isEqualTo(ErrorCategory.UNAVAILABLE);
                    assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("30");
                });
        assertThat(callsSoFar).isEqualTo(4);
        assertThat(samba.drainChatRequests()).isEmpty();
    }

    @Test
    void rateLimitsAndBadKeysDoNotOpenTheCircuit() {
        ChatExecutor executor = executor(false, new CircuitBreakerProperties(50, 4, 4, Duration.ofSeconds(30), 1));
        for (int i = 0; i < 3; i++) {
            samba.error(429, "{\"error\":\"slow down\"}", "Retry-After", "1");
            samba.error(401, "{\"error\":\"bad key\"}");
        }
        for (int call = 0; call < 6; call++) {
            assertThatThrownBy(() -> executor.complete(caller, command())).isInstanceOf(ProviderException.class);
        }
        assertThat(breakers.state("sambanova")).isEqualTo("closed");
    }

    @Test
    void afterTheFirstByteThereIsNoRetryAndTheCallIsAccountedAsAnError() throws Exception {
        samba.stream(new ScriptedBody().write(sambaRole(SAMBA_MODEL)).write(sambaDelta(SAMBA_MODEL, "abcdefgh")).cut());
        ChatSession session = executor(true).open(caller, new ChatCommand(null, params(), "internal", true));

        assertThat(session.next(Duration.ofSeconds(5))).isEqualTo(new StreamEvent.Delta("abcdefgh"));
        StreamEvent last = session.next(Duration.ofSeconds(5));

        assertThat(last).isInstanceOf(StreamEvent.Failed.class);
        assertThat(recorded).as("accounted only once the terminal event was delivered").isEmpty();
        session.close();
        assertThat(samba.drainChatRequests()).hasSize(1);
        assertThat(hf.drainChatRequests()).isEmpty();
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(r.usage().completionTokens()).isEqualTo(2);
            assertThat(r.usageEstimated()).isTrue();
            assertThat(r.surface()).isEqualTo("internal");
        });
        assertThat(meters.get("integrations.chat.errors").tag("phase", "mid_stream").counter().count()).isEqualTo(1);
        assertThat(metrics.activeStreams()).isZero();
    }

    @Test
    void successRecordsMetricsAndOneUsageRecord() {
        samba.stream(sambaReply(SAMBA_MODEL, true, "a", "b", "c"));

        executor(true).complete(caller, command());

        assertThat(meters.get("integrations.chat.requests").tag("provider", "sambanova").tag("outcome", "success")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("integrations.chat.tokens").tag("type", "prompt").counter().count()).isEqualTo(21);
        assertThat(meters.get("integrations.chat.tokens").tag("type", "completion").counter().count()).isEqualTo(3);
        assertThat(meters.get("integrations.chat.ttft").tag("model", SAMBA_MODEL).timer().count()).isEqualTo(1);
        assertThat(meters.get("integrations.chat.duration").timer().count()).isEqualTo(1);
        assertThat(meters.get("integrations.chat.streams.active").gauge().value()).isZero();
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(r.usage().totalTokens()).isEqualTo(24);
            assertThat(r.credentialOrigin()).isEqualTo("env");
            assertThat(r.ttftMillis()).isNotNull();
        });
    }

    @Test
    void aCancelledSessionIsAccountedOnceAsCancelled() throws Exception {
        ScriptedBody slow = new ScriptedBody().write(sambaRole(SAMBA_MODEL));
        for (int i = 0; i < 100; i++) {
            slow.write(sambaDelta(SAMBA_MODEL, "x")).pause(50);
        }
        samba.stream(slow);
        ChatSession session = executor(true).open(caller, new ChatCommand(null, params(), "execute", true));
        assertThat(session.next(Duration.ofSeconds(5))).isEqualTo(new StreamEvent.Delta("x"));
        assertThat(metrics.activeStreams()).isEqualTo(1);

        session.cancel();
        session.cancel();

        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
            assertThat(r.finishReason()).isEqualTo("cancelled");
        });
        assertThat(metrics.activeStreams()).isZero();
        assertThat(slow.clientGone().get(3, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aCallerGoneBeforeTheFirstEventCancelsTheAttemptWithoutFailoverOrBreakerPenalty() throws Exception {
        HeldStream silent = new HeldStream();
        samba.hold(silent);
        ChatExecutor executor = executor(true, new CircuitBreakerProperties(50, 1, 1, Duration.ofSeconds(30), 1));

        assertThatThrownBy(() -> executor.complete(caller, command(), connectionGoneOnceProviderHolds(silent)))
                .isInstanceOf(CallerLeftException.class);

        assertThat(silent.clientGone().get(3, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
            assertThat(r.finishReason()).isEqualTo("cancelled");
            assertThat(r.errorCategory()).isNull();
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.usage().promptTokens()).isPositive();
            assertThat(r.usage().completionTokens()).isZero();
            assertThat(r.usageEstimated()).isTrue();
        });
        assertThat(meters.get("integrations.chat.requests").tag("outcome", "cancelled").counter().count()).isEqualTo(1);
        assertThat(hf.drainChatRequests()).isEmpty();
        assertThat(breakers.of("sambanova").getMetrics().getNumberOfBufferedCalls()).isZero();
        assertThat(breakers.state("sambanova")).isEqualTo("closed");
    }

    // A caller connection that is gone as soon as the provider holds the call silent.
    private static CallerConnection connectionGoneOnceProviderHolds(HeldStream provider) {
        return new CallerConnection() {
            @Override
            public boolean watched() {
                return true;
            }

            @Override
            public boolean gone() {
                return provider.held().isDone();
            }

            @Override
            public void close() {
            }
        };
    }

    private static ChatCommand command() {
        return new ChatCommand(null, params(), "execute", false);
    }

    private static ChatParams params() {
        return new ChatParams(null, List.of(new ChatMessage("user", "Hello")), null, null, null, null, null);
    }

    private static ProviderSettings settings(String baseUrl, String model) {
        return new ProviderSettings("unused", baseUrl, model, List.of(), true, true, true);
    }
}
