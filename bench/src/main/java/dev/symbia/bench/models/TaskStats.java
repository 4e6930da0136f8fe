package dev.symbia.bench.models;

import dev.symbia.bench.ProcessCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-thread scheduler counters of one process, summed over many windows: for each thread, time on a CPU, time
 * runnable but waiting for one, timeslices ({@code /proc/<pid>/task/<tid>/schedstat}) and involuntary context
 * switches (preemptions, from {@code status}). The busiest threads of a window are llama.cpp's compute threads on
 * either side, so their wait time and preemptions show whether a side lost throughput to contention (another
 * runnable thread on one of 2 cores while llama.cpp's threads meet at barriers) rather than to its own CPU.
 * Linux only; empty elsewhere.
 */
final class TaskStats {

    private final long pid;
    /** tid → [run ns, wait ns, timeslices, involuntary switches] summed over the windows. */
    private final Map<Long, long[]> totals = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private Map<Long, long[]> open = Map.of();

    TaskStats(long pid) {
        this.pid = pid;
    }

    /** Starts a window. */
    void begin() {
        open = read();
    }

    /** Ends the window begun last, adding each thread's counters since then. */
    void end() {
        for (Map.Entry<Long, long[]> now : read().entrySet()) {
            long[] before = open.get(now.getKey());
            if (before == null) {
                continue; // started inside the window
            }
            long[] sum = totals.computeIfAbsent(now.getKey(), k -> new long[4]);
            for (int i = 0; i < 4; i++) {
                sum[i] += now.getValue()[i] - before[i];
            }
        }
    }

    /**
     * The {@code n} threads with the most CPU over the windows, one line each, per token of {@code tokens}:
     * run, runnable-but-waiting and timeslices, and preemptions in all.
     */
    String busiest(int n, double tokens) {
        List<Map.Entry<Long, long[]>> sorted = new ArrayList<>(totals.entrySet());
        sorted.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Long, long[]> e : sorted.subList(0, Math.min(n, sorted.size()))) {
            long[] v = e.getValue();
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(String.format(Locale.ROOT, "%s run %.0f µs, waiting %.1f µs, %.2f slices per token, %d preempted",
                    names.get(e.getKey()), v[0] / 1e3 / tokens, v[1] / 1e3 / tokens, v[2] / tokens, v[3]));
        }
        return out.toString();
    }

    /** [run, wait] ns per token summed over the {@code n} busiest threads, their preemptions, the other threads' run per token. */
    double[] busiestSums(int n, double tokens) {
        List<long[]> sorted = new ArrayList<>(totals.values());
        sorted.sort((x, y) -> Long.compare(y[0], x[0]));
        double run = 0;
        double wait = 0;
        long preempted = 0;
        for (long[] v : sorted.subList(0, Math.min(n, sorted.size()))) {
            run += v[0];
            wait += v[1];
            preempted += v[3];
        }
        double rest = 0;
        for (long[] v : sorted.subList(Math.min(n, sorted.size()), sorted.size())) {
            rest += v[0];
        }
        return new double[] {run / tokens, wait / tokens, preempted, rest / tokens};
    }

    private Map<Long, long[]> read() {
        Map<Long, long[]> now = new HashMap<>();
        ProcessCpu.forEachTask(pid, task -> {
            long tid = Long.parseLong(task.getFileName().toString());
            String[] sched = Files.readString(task.resolve("schedstat")).strip().split(" ");
            long involuntary = 0;
            for (String line : Files.readAllLines(task.resolve("status"))) {
                if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                }
            }
            now.put(tid, new long[] {Long.parseLong(sched[0]), Long.parseLong(sched[1]), Long.parseLong(sched[2]),
                    involuntary});
            names.computeIfAbsent(tid, t -> comm(task) + "/" + t);
        });
        return now;
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
