package dev.symbia.integrations.execute;

import dev.symbia.integrations.credential.Account;
import dev.symbia.integrations.stream.ChatEvents;
import dev.symbia.integrations.stream.EventChannel;
import dev.symbia.integrations.stream.ProviderFailure;
import dev.symbia.integrations.stream.StreamEvent;
import dev.symbia.integrations.stream.Usage;
import dev.symbia.integrations.support.RequestId;
import dev.symbia.integrations.usage.Outcome;
import dev.symbia.integrations.usage.TokenEstimator;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chat whose provider stream is open. Read by one thread (the one answering the caller) until a
 * terminal event, then {@link #close()}d; {@link #cancel()}led when the caller leaves. Ends exactly
 * once and then accounts the call — tokens from the provider's usage chunk, or estimated locally from
 * what was streamed — after the terminal event has been handed out, so accounting never delays it.
 */
public final class ChatSession implements ChatEvents {

    private final ChatExecutor executor;
    private final Account account;
    private final String requestId = RequestId.current(); // opened on the request's thread
    private final ChatCommand command;
    private final Target target;
    private final EventChannel channel;
    private final CircuitBreaker breaker;
    private final int attempts;
    private final long startNanos;
    private final Instant startedAt;
    private final long attemptStartNanos;
    private final AtomicBoolean ended = new AtomicBoolean();
    private StreamEvent pending;
    private Runnable ending; // accounting of a terminal event already handed out
    private long firstDeltaNanos = -1;
    private long completionChars;

    ChatSession(ChatExecutor executor, Account account, ChatCommand command, Target target, EventChannel channel,
            StreamEvent first, CircuitBreaker breaker, int attempts, long startNanos, Instant startedAt,
            long attemptStartNanos) {
        this.executor = executor;
        this.account = account;
        this.command = command;
        this.target = target;
        this.channel = channel;
        this.pending = first;
        this.breaker = breaker;
        this.attempts = attempts;
        this.startNanos = startNanos;
        this.startedAt = startedAt;
        this.attemptStartNanos = attemptStartNanos;
    }

    public String provider() {
        return target.name();
    }

    /** The model requested of the provider. */
    public String model() {
        return target.model();
    }

    public String requestId() {
        return requestId;
    }

    /**
     * The next event; {@code wait == null} waits as long as the provider's own timeouts allow.
     * Terminal {@link StreamEvent.Done} events carry the final usage (provider's or estimated) and model.
     */
    @Override
    public StreamEvent next(Duration wait) throws InterruptedException {
        StreamEvent event = pending;
        if (event != null) {
            pending = null;
        } else {
            event = wait == null ? channel.next() : channel.poll(wait);
            if (event == null) {
                return null;
            }
        }
        return switch (event) {
            case StreamEvent.Delta delta -> {
                if (firstDeltaNanos < 0) {
                    firstDeltaNanos = System.nanoTime();
                }
                completionChars += delta.text().length();
                yield delta;
            }
            case StreamEvent.ToolCallDelta fragment -> {
                if (firstDeltaNanos < 0) {
                    firstDeltaNanos = System.nanoTime();
                }
                completionChars += fragment.arguments().length() + (fragment.name() == null ? 0 : fragment.name().length());
                yield fragment;
            }
            case StreamEvent.Done done -> complete(done);
            case StreamEvent.Failed failed -> {
                Usage usage = estimate();
                ending = () -> end(Outcome.ERROR, null, failed.failure(), usage, true);
                yield failed;
            }
        };
    }

    @Override
    public void cancel() {
        if (ending != null) {
            close(); // the reply was complete; the caller left while it was being delivered
            return;
        }
        if (ended.get()) {
            return;
        }
        channel.cancel();
        end(Outcome.CANCELLED, null, null, estimate(), true);
    }

    @Override
    public void close() {
        if (ending == null) {
            cancel();
            return;
        }
        Runnable account = ending;
        ending = null;
        account.run();
    }

    ChatResult result(StreamEvent.Done done, ReplyAssembler reply) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("requestId", requestId);
        metadata.put("requestedModel", target.model());
        metadata.put("attempts", attempts);
        metadata.put("usageEstimated", done.usageEstimated());
        metadata.put("credentialSource", credentialOrigin());
        if (firstDeltaNanos >= 0) {
            metadata.put("ttftMs", Duration.ofNanos(firstDeltaNanos - startNanos).toMillis());
        }
        metadata.put("durationMs", Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
        return new ChatResult(provider(), done.model(), reply.content(), done.usage(), done.finishReason(), metadata,
                reply.toolCalls(), reply.logprobs());
    }

    private StreamEvent.Done complete(StreamEvent.Done fromProvider) {
        Usage reported = fromProvider.usage();
        // A usage chunk of zeros for a reply that had text is as good as none.
        boolean trusted = reported != null && !(reported.zero() && completionChars > 0);
        Usage usage = trusted ? reported : estimate();
        StreamEvent.Done done = new StreamEvent.Done(
                fromProvider.model() != null ? fromProvider.model() : target.model(),
                fromProvider.finishReason(), usage, !trusted);
        ending = () -> end(Outcome.SUCCESS, done, null, usage, !trusted);
        return done;
    }

    private Usage estimate() {
        return Usage.of(TokenEstimator.prompt(command.params().messages()), TokenEstimator.text(completionChars));
    }

    private void end(Outcome outcome, StreamEvent.Done done, ProviderFailure failure, Usage usage, boolean estimated) {
        if (ended.compareAndSet(false, true)) {
            Duration ttft = firstDeltaNanos < 0 ? null : Duration.ofNanos(firstDeltaNanos - startNanos);
            executor.account(this, outcome, done, failure, usage, estimated, ttft);
        }
    }

    Account account() {
        return account;
    }

    ChatCommand command() {
        return command;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    int attempts() {
        return attempts;
    }

    long startNanos() {
        return startNanos;
    }

    long attemptStartNanos() {
        return attemptStartNanos;
    }

    Instant startedAt() {
        return startedAt;
    }

    String credentialOrigin() {
        return target.credential().origin().wireName();
    }
}
