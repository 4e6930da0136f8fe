package dev.symbia.integrations.provider.openai;

import dev.symbia.integrations.provider.FinishReasons;
import dev.symbia.integrations.stream.ErrorCategory;
import dev.symbia.integrations.stream.EventChannel;
import dev.symbia.integrations.stream.ProviderFailure;
import dev.symbia.integrations.stream.StreamEvent;
import dev.symbia.integrations.stream.Usage;
import dev.symbia.integrations.stream.Watchdog;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
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
 * non-empty {@code delta.content} (with its {@code logprobs} when present), a tool-call fragment per
 * {@code delta.tool_calls} entry; role-only and empty chunks are skipped; the finish reason and the
 * usage chunk (empty {@code choices}) are remembered until {@code [DONE]}. A stream that ends
 * without {@code [DONE]} and without a finish reason was cut mid-answer and is a failure, never a
 * silent success.
 */
final class StreamTranslator extends EventSourceListener {

    private static final Logger log = LoggerFactory.getLogger(StreamTranslator.class);
    private static final long MAX_JSON_BODY = 4L * 1024 * 1024;
    private static final int MAX_TOOL_CALLS = 128;

    private final EventChannel channel;
    private final Watchdog watchdog;
    private final JsonMapper json;
    private final UpstreamErrors errors;
    private final String secret;
    private String model;
    private String finishReason;
    private Usage usage;
    private int skippedFrames;
    private final TreeMap<Integer, String> callIds = new TreeMap<>(); // index → id of each call started

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
            JsonNode delta = choice.path("delta");
            JsonNode content = delta.path("content");
            JsonNode logprobs = choice.path("logprobs").isObject() ? choice.path("logprobs") : null;
            if ((content.isString() && !content.asString().isEmpty()) || logprobs != null) {
                channel.emit(new StreamEvent.Delta(content.asString(""), logprobs));
            }
            toolCalls(delta.path("tool_calls"));
            JsonNode finish = choice.path("finish_reason");
            if (finish.isString() && !finish.asString().isBlank()) {
                finishReason = finish.asString();
            }
        }
    }

    // OpenAI streams each call's id and name once, then its arguments in pieces; servers that send
    // a whole call in one chunk, or repeat the id and name, are normalised to that. Without an index,
    // a known id continues its call, a new id starts the next call, and no id continues the call at
    // that position.
    private void toolCalls(JsonNode calls) {
        if (!calls.isArray()) {
            return;
        }
        int position = 0;
        for (JsonNode call : calls) {
            JsonNode function = call.path("function");
            String id = call.path("id").isString() && !call.path("id").asString().isEmpty()
                    ? call.path("id").asString() : null;
            String name = function.path("name").isString() && !function.path("name").asString().isEmpty()
                    ? function.path("name").asString() : null;
            String arguments = function.path("arguments").isString() ? function.path("arguments").asString() : "";
            int index = call.path("index").isIntegralNumber() ? call.path("index").asInt() : indexWithout(id, position);
            position++;
            if (index < 0 || index >= MAX_TOOL_CALLS) {
                continue;
            }
            boolean known = callIds.containsKey(index);
            if (known) {
                id = null;
                name = null;
            } else {
                if (id == null) {
                    id = "call_" + index + "_" + Long.toHexString(System.nanoTime());
                }
                callIds.put(index, id);
            }
            if (known && arguments.isEmpty()) {
                continue;
            }
            channel.emit(new StreamEvent.ToolCallDelta(index, id, name, arguments));
        }
    }

    private int indexWithout(String id, int position) {
        if (id == null) {
            return position;
        }
        for (Map.Entry<Integer, String> known : callIds.entrySet()) {
            if (known.getValue().equals(id)) {
                return known.getKey();
            }
        }
        return callIds.isEmpty() ? 0 : callIds.lastKey() + 1;
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
            JsonNode logprobs = choice.path("logprobs").isObject() ? choice.path("logprobs") : null;
            if (!content.isEmpty() || logprobs != null) {
                channel.emit(new StreamEvent.Delta(content, logprobs));
            }
            toolCalls(choice.path("message").path("tool_calls"));
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
