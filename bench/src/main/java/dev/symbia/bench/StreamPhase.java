package dev.symbia.bench;

import dev.symbia.bench.integrations.FakeProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The streams of one side of one phase of a stream benchmark, and the report rows made from them. */
public final class StreamPhase {

    /** Concurrent streams per warm-up wave. */
    public static final int WARMUP_WAVE = 20;

    public final Samples ttft = new Samples();
    public final Samples gaps = new Samples();
    public final Samples total = new Samples();
    /** Sequential streams only: request sent → request at the fake, and fake's first chunk → client. */
    public final Samples wayIn = new Samples();
    public final Samples wayBack = new Samples();
    private final int expectedChunks;
    private final Map<String, Integer> errors = new TreeMap<>();
    private int count;
    private int ok;
    private long wallNanos;

    public StreamPhase(int expectedChunks) {
        this.expectedChunks = expectedChunks;
    }

    public void add(StreamResult result) {
        count++;
        if (result.ok(expectedChunks)) {
            ok++;
            ttft.add(result.ttft());
            gaps.addAll(result.gaps());
            total.add(result.total());
        } else {
            errors.merge(result.kind(expectedChunks), 1, Integer::sum);
        }
    }

    /**
     * Adds a stream that ran alone, split by the fake's timestamps of the same stream: the way in (the request
     * crossing every hop) and the way back (the first chunk crossing them); together they are its TTFT minus
     * the fake's own delay.
     */
    public void add(StreamResult result, FakeProvider.Exchange exchange) {
        add(result);
        if (result.ok(expectedChunks) && exchange.arrived() >= result.startedNanos()) {
            wayIn.add(exchange.arrived() - result.startedNanos());
            wayBack.add(result.startedNanos() + result.ttft() - exchange.firstChunkSent());
        }
    }

    public int ok() {
        return ok;
    }

    public int count() {
        return count;
    }

    public String errorSummary() {
        if (errors.isEmpty()) {
            return "0";
        }
        StringBuilder out = new StringBuilder();
        out.append(count - ok).append(" (");
        errors.forEach((kind, n) -> out.append(kind.replace("|", "/")).append(" ×").append(n).append(", "));
        out.setLength(out.length() - 2);
        return out.append(")").toString();
    }

    /**
     * Warms the JIT of every process on both paths before anything is measured: {@code perTarget} streams
     * to each target, in waves of {@code wave} concurrent streams alternating between the targets, so a
     * few thousand streams take seconds, not minutes (compilation follows invocation counts, not their
     * pace). Steady state is what a long-running service shows; a cold JVM's figures would measure the
     * interpreter. Returns the streams that failed, by target name.
     */
    public static Map<String, Integer> warmUp(StreamClient client, List<StreamClient.Target> targets, int perTarget,
            int wave, int expected) throws InterruptedException {
        Map<String, Integer> failures = new TreeMap<>();
        for (int done = 0; done < perTarget; done += wave) {
            int n = Math.min(wave, perTarget - done);
            for (StreamClient.Target target : targets) {
                StreamPhase phase = burst(client, target, n, expected);
                if (phase.ok() < phase.count()) {
                    failures.merge(target.name(), phase.count() - phase.ok(), Integer::sum);
                }
            }
        }
        return failures;
    }

    /** {@code n} streams started together (a latch), each on its own virtual thread. */
    public static StreamPhase burst(StreamClient client, StreamClient.Target target, int n, int expected)
            throws InterruptedException {
        StreamPhase phase = new StreamPhase(expected);
        CountDownLatch go = new CountDownLatch(1);
        long started;
        List<Future<StreamResult>> futures = new ArrayList<>(n);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                futures.add(threads.submit(() -> {
                    go.await();
                    return client.stream(target);
                }));
            }
            started = System.nanoTime();
            go.countDown();
        } // waits for all: each stream is bounded by the client's timeout
        phase.wallNanos = System.nanoTime() - started;
        for (Future<StreamResult> future : futures) {
            try {
                phase.add(future.get());
            } catch (ExecutionException e) {
                phase.add(StreamResult.clientFailure(e.getCause()));
            }
        }
        return phase;
    }

    /** A markdown row: a metric's p50/p99 directly and through the measured path, with deltas and ratios. */
    public static void latencyRow(StringBuilder out, String metric, Samples direct, Samples through) {
        double d50 = direct.percentile(50);
        double d99 = direct.percentile(99);
        double t50 = through.percentile(50);
        double t99 = through.percentile(99);
        out.append("| ").append(metric)
                .append(" | ").append(Samples.ms(d50)).append(" | ").append(Samples.ms(d99))
                .append(" | ").append(Samples.ms(t50)).append(" | ").append(Samples.ms(t99))
                .append(" | ").append(Samples.deltaMs(t50, d50)).append(" (").append(Samples.ratio(t50, d50)).append(")")
                .append(" | ").append(Samples.deltaMs(t99, d99)).append(" (").append(Samples.ratio(t99, d99)).append(")")
                .append(" |\n");
    }

    /** A markdown row of one concurrency level and side. */
    public void concurrencyRow(StringBuilder out, int level, String side) {
        out.append("| ").append(level).append(" | ").append(side)
                .append(" | ").append(ok).append("/").append(count)
                .append(" | ").append(errorSummary())
                .append(" | ").append(Samples.ms(ttft.percentile(50)))
                .append(" | ").append(Samples.ms(ttft.percentile(99)))
                .append(" | ").append(Samples.ms(gaps.percentile(50)))
                .append(" | ").append(Samples.ms(gaps.percentile(99)))
                .append(" | ").append(Samples.ms(total.percentile(99)))
                .append(" | ").append(String.format(Locale.ROOT, "%.1f", wallNanos / 1e9))
                .append(" |\n");
    }
}
