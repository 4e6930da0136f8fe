package dev.symbia.integrations.provider.openai;

import dev.symbia.integrations.provider.ErrorCategory;
import dev.symbia.integrations.provider.FinishReasons;
import dev.symbia.integrations.provider.ProviderFailure;
import dev.symbia.integrations.provider.Usage;
import dev.symbia.integrations.stream.EventChannel;
import dev.symbia.integrations.stream.StreamEvent;
import dev.symbia.integrations.stream.Watchdog;
import java.io.IOException;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an OpenAI chat-completions stream (okhttp-sse has already reassembled frames split across
 * TCP reads and dropped {@code :} keep-alive comments) and emits normalised events: a delta per
 * non-empty {@code delta.content}; role-only and empty chunks are skipped; the finish reason and the
 * usage chunk (empty {@code choices}) are remembered until {@code [DONE]}. A stream that ends
 * without {@code [DONE]} and without a finish reason was cut mid-answer and is a failure, never a
 * silent success.
 */
final class StreamTranslator extends EventSourceListener {

    private static final Logger log = LoggerFactory.getLogger(StreamTranslator.class);
    private static final long MAX_JSON_BODY = 4L * 1024 * 1024;

    private final EventChannel channel;
    private final Watchdog watchdog;
    private final JsonMapper json;
    private final UpstreamErrors errors;
    private final String secret;
    private String model;
    private String finishReason;
    private Usage usage;
    private int skippedFrames;

    StreamTranslator(EventChannel channel, Watchdog watchdog, JsonMapper json, UpstreamErrors errors, String secret) {
        this.channel = channel;
        this.watchdog = watchdog;
        this.json = json;
        this.errors = errors;
        this.secret = secret;
    }

    @Override
    public void onEvent(EventSource source, String id, String type, String data) {
        watchdog.chunk();
        if (channel.isTerminated() || channel.isCancelled()) {
            return;
        }
        if ("[DONE]".equals(data.trim())) {
            finish();
            return;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (RuntimeException e) {
            skippedFrames++; // tolerate a stray non-JSON frame; a stream with nothing else fails on close
            return;
        }
        if (!chunk.isObject()) {
            skippedFrames++;
            return;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            fail(errors.fromStreamError(chunk, secret));
            source.cancel();
            return;
        }
        readChunk(chunk);
    }

    private void readChunk(JsonNode chunk) {
        if (chunk.path("model").isString() && !chunk.path("model").asString().isBlank()) {
            model = chunk.path("model").asString();
        }
        JsonNode usageNode = chunk.path("usage");
        if (usageNode.isObject()) {
            usage = usage(usageNode);
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) {
                continue; // we ask for one choice; ignore any others
            }
            JsonNode content = choice.path("delta").path("content");
            if (content.isString() && !content.asString().isEmpty()) {
                channel.emit(new StreamEvent.Delta(content.asString()));
            }
            JsonNode finish = choice.path("finish_reason");
            if (finish.isString() && !finish.asString().isBlank()) {
                finishReason = finish.asString();
            }
        }
    }

    @Override
    public void onClosed(EventSource source) {
        watchdog.stop();
        if (channel.isTerminated() || channel.isCancelled()) {
            return;
        }
        if (finishReason != null) {
            finish(); // some servers omit [DONE] after a proper finish_reason
        } else {
            if (skippedFrames > 0) {
                log.debug("Provider stream ended after {} unreadable frame(s)", skippedFrames);
            }
            fail(ProviderFailure.of(ErrorCategory.PROVIDER,
                    "The provider ended the stream before the reply was complete."));
        }
    }

    @Override
    public void onFailure(EventSource source, Throwable failure, Response response) {
        watchdog.stop();
        if (channel.isTerminated() || channel.isCancelled()) {
            return;
        }
        Watchdog.Expiry expiry = watchdog.expired();
        if (expiry != null) {
            fail(ProviderFailure.of(ErrorCategory.TIMEOUT, watchdog.describe(expiry)));
        } else if (response != null && !response.isSuccessful()) {
            fail(errors.fromResponse(response, secret));
        } else if (response != null && failure instanceof IllegalStateException) {
            completeFromJson(response); // 2xx but not text/event-stream: a server that ignored stream:true
        } else {
            fail(UpstreamErrors.fromException(failure, response != null));
        }
    }

    private void completeFromJson(Response response) {
        try {
            JsonNode body = json.readTree(response.peekBody(MAX_JSON_BODY).string());
            JsonNode choice = body.path("choices").path(0);
            String content = choice.path("message").path("content").asString("");
            if (!content.isEmpty()) {
                channel.emit(new StreamEvent.Delta(content));
            }
            if (body.path("model").isString()) {
                model = body.path("model").asString();
            }
            finishReason = choice.path("finish_reason").asString(FinishReasons.STOP);
            usage = body.path("usage").isObject() ? usage(body.path("usage")) : null;
            finish();
        } catch (IOException | RuntimeException e) {
            fail(ProviderFailure.of(ErrorCategory.PROVIDER, "The provider answered with an unexpected content type."));
        }
    }

    private void finish() {
        watchdog.stop();
        channel.emit(StreamEvent.Done.fromProvider(model, FinishReasons.normalise(finishReason), usage));
    }

    private void fail(ProviderFailure failure) {
        watchdog.stop();
        channel.emit(new StreamEvent.Failed(failure));
    }

    private static Usage usage(JsonNode node) {
        int prompt = Math.max(0, node.path("prompt_tokens").asInt(0));
        int completion = Math.max(0, node.path("completion_tokens").asInt(0));
        int total = node.path("total_tokens").asInt(prompt + completion);
        return new Usage(prompt, completion, Math.max(total, prompt + completion));
    }
}
