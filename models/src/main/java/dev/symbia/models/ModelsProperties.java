package dev.symbia.models;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The models service's settings ({@code symbia.models.*}, fed by the environment in application.yml).
 *
 * @param path            the models directory scanned for {@code *.gguf} ({@code MODELS_PATH})
 * @param maxLoaded       models resident at once; the least recently used idle one is unloaded to make room
 *                        ({@code MAX_LOADED_MODELS})
 * @param idleTimeout     a model unused this long is unloaded ({@code IDLE_TIMEOUT_MS})
 * @param maxQueue        requests that may wait for a busy model; one more is answered 429 ({@code MODELS_MAX_QUEUE})
 * @param queueWait       how long a queued request waits before it is answered 503
 * @param threads         llama.cpp threads per model, 0 = the cores available ({@code DEFAULT_THREADS})
 * @param contextSize     context window per model, capped by the model's trained context ({@code MODELS_CONTEXT_SIZE})
 * @param gpuLayers       layers offloaded to a GPU; the bundled native library is CPU-only ({@code DEFAULT_GPU_LAYERS})
 * @param catalogUrl      where each model is registered ({@code CATALOG_SERVICE_URL})
 * @param catalogEnabled  false skips catalog registration
 * @param hangUpProbe     how often a long non-streamed generation checks that its caller is still there
 */
@Validated
@ConfigurationProperties("symbia.models")
public record ModelsProperties(
        @NotNull Path path,
        @DefaultValue("2") @Min(1) @Max(64) int maxLoaded,
        @DefaultValue("300s") @NotNull Duration idleTimeout,
        @DefaultValue("8") @Min(0) @Max(10_000) int maxQueue,
        @DefaultValue("60s") @NotNull Duration queueWait,
        @DefaultValue("0") @Min(0) @Max(1024) int threads,
        @DefaultValue("4096") @Min(64) @Max(1_048_576) int contextSize,
        @DefaultValue("0") @Min(0) int gpuLayers,
        @DefaultValue("http://localhost:5003") String catalogUrl,
        @DefaultValue("true") boolean catalogEnabled,
        @DefaultValue("100ms") @NotNull Duration hangUpProbe) {

    /** Threads to give llama.cpp: {@code threads}, or every core when it is 0. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
