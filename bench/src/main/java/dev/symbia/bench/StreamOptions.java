package dev.symbia.bench;

/**
 * The options both stream benchmarks share: the fake provider's timing, how many streams are measured and how,
 * and where the report goes. Each benchmark's own options extend these.
 */
public class StreamOptions {

    public boolean help;
    public int chunks = 20;
    public int firstChunkMs = 100;
    public int intervalMs = 20;
    public int warmup = 2000;
    public int sequential = 100;
    public int[] concurrency = {100, 500, 1000};
    public int timeoutS = 60;
    public String out;
    public String label;

    /** Reads the shared options from {@code a}; the caller reads its own, then {@link Args#rejectUnknown()}. */
    protected void read(Args a) {
        help = a.help();
        chunks = a.integer("chunks", chunks, 1, 1000);
        firstChunkMs = a.integer("first-chunk-ms", firstChunkMs, 0, 30_000);
        intervalMs = a.integer("interval-ms", intervalMs, 0, 10_000);
        warmup = a.integer("warmup", warmup, 0, 10_000);
        sequential = a.integer("sequential", sequential, 1, 10_000);
        concurrency = a.integers("concurrency", concurrency, 1, 5000);
        timeoutS = a.integer("timeout-s", timeoutS, 1, 600);
        out = a.string("out", null);
        label = a.string("label", null);
    }
}
