package dev.symbia.models.inference;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import de.kherud.llama.args.LogFormat;
import de.kherud.llama.args.PoolingType;
import dev.symbia.models.registry.ModelRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GGUF model resident in memory through llama.cpp (de.kherud:llama): prompt formatting with the model's own
 * chat template, tokenisation, streamed generation and embeddings.
 */
public final class LoadedModel implements AutoCloseable {

    /**
     * The documented fallback for a model whose metadata has no chat template: ChatML, which most instruction-tuned
     * GGUF models without a template were trained on or tolerate.
     */
    public static final String DEFAULT_TEMPLATE = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static final Logger log = LoggerFactory.getLogger("llama.cpp");

    static {
        // llama.cpp's own log (model loading, slots, timings) goes through SLF4J instead of stdout.
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
            String line = message.strip();
            switch (level) {
                case ERROR -> log.warn(line);
                case WARN -> log.info(line);
                default -> log.debug(line);
            }
        });
    }

    private final ModelRecord record;
    private final LlamaModel model;
    private final int contextSize;

    private LoadedModel(ModelRecord record, LlamaModel model, int contextSize) {
        this.record = record;
        this.model = model;
        this.contextSize = contextSize;
    }

    /** Loads {@code record}'s file; blocking, and as slow as reading the weights. */
    static LoadedModel load(ModelRecord record, int contextSize, int threads, int gpuLayers) {
        int ctx = record.contextLength() == null ? contextSize : Math.min(contextSize, record.contextLength());
        ModelParameters params = new ModelParameters()
                .setModel(record.path())
                .setCtxSize(ctx)
                .setThreads(threads)
                .setThreadsBatch(threads)
                .setGpuLayers(gpuLayers)
                .setParallel(1) // one sequence per model: requests queue in ModelManager, never share a context
                .enableJinja(); // the model's own jinja chat template, not llama.cpp's built-in guesses
        if (record.chatTemplate() == null || record.chatTemplate().isBlank()) {
            params.setChatTemplate(DEFAULT_TEMPLATE);
        }
        if (record.embedding()) {
            params.enableEmbedding().setPoolingType(PoolingType.MEAN);
        }
        return new LoadedModel(record, new LlamaModel(params), ctx);
    }

    public ModelRecord record() {
        return record;
    }

    public int contextSize() {
        return contextSize;
    }

    /**
     * The prompt for a conversation: every turn, in order, through the model's chat template, ending with the
     * assistant's generation prompt. System messages are joined into one leading system message, because many
     * templates accept a system message only first.
     */
    public String formatChat(List<Turn> turns) {
        StringBuilder system = new StringBuilder();
        List<Pair<String, String>> rest = new ArrayList<>();
        for (Turn turn : turns) {
            if ("system".equals(turn.role())) {
                if (!system.isEmpty()) {
                    system.append("\n\n");
                }
                system.append(turn.content());
            } else {
                rest.add(new Pair<>(turn.role(), turn.content()));
            }
        }
        InferenceParameters params = new InferenceParameters("")
                .setMessages(system.isEmpty() ? null : system.toString(), rest);
        return model.applyTemplate(params);
    }

    /** The prompt with its token count; {@link ContextOverflowException} when it leaves no room to generate. */
    public Prompt prompt(String text) {
        int promptTokens = countTokens(text);
        if (promptTokens >= contextSize) {
            throw new ContextOverflowException(promptTokens, contextSize);
        }
        return new Prompt(text, promptTokens);
    }

    public int countTokens(String text) {
        return model.encode(text).length;
    }

    public float[] embed(String text) {
        return model.embed(text);
    }

    /**
     * Generates from a formatted prompt, handing each piece of text to {@code sink} as it is produced, on the
     * calling thread. When the sink fails (the caller hung up) the generation is cancelled in llama.cpp before this
     * returns. {@code onToken} is told of every token generated. {@link TextSink#started()} runs once the request is
     * queued in llama.cpp, while the prompt is evaluated.
     */
    public Generation generate(Prompt prompt, Sampling sampling, TextSink sink, IntConsumer onToken) {
        int promptTokens = prompt.tokens();
        int room = contextSize - promptTokens;
        int maxTokens = Math.min(sampling.maxTokens(), room);
        InferenceParameters params = new InferenceParameters(prompt.text())
                .setNPredict(maxTokens)
                .setTemperature((float) sampling.temperature())
                .setTopP((float) sampling.topP())
                .setTopK(0)
                .setMinP(0f)
                .setRepeatPenalty(1f)
                .setCachePrompt(true)
                .setSeed(sampling.seed() == null ? -1 : sampling.seed());
        if (!sampling.stop().isEmpty()) {
            params.setStopStrings(sampling.stop().toArray(String[]::new));
        }
        // Queues the request in llama.cpp, whose own thread starts on the prompt at once.
        LlamaIterator outputs = model.generate(params).iterator();
        StringBuilder text = new StringBuilder();
        int tokens = 0;
        try {
            sink.started();
            while (outputs.hasNext()) {
                LlamaOutput output = outputs.next();
                boolean last = !outputs.hasNext();
                if (!last) {
                    // every output but the closing one carries one generated token
                    tokens++;
                    onToken.accept(tokens);
                }
                if (!output.text.isEmpty()) {
                    text.append(output.text);
                    sink.accept(output.text);
                }
            }
        } catch (IOException | RuntimeException e) {
            outputs.cancel();
            if (e instanceof IOException) {
                return new Generation(text.toString(), promptTokens, tokens, "cancelled");
            }
            throw (RuntimeException) e;
        }
        return new Generation(text.toString(), promptTokens, tokens, tokens >= maxTokens ? "length" : "stop");
    }

    @Override
    public void close() {
        model.close();
    }

    /** The prompt alone fills the model's context window. */
    public static final class ContextOverflowException extends RuntimeException {
        public ContextOverflowException(int promptTokens, int contextSize) {
            super("The prompt has " + promptTokens + " tokens; the model's context window is " + contextSize + ".");
        }
    }
}
