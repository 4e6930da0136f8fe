package dev.symbia.bench.integrations;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds; percentiles by nearest rank, printed in milliseconds. */
public final class Samples {

    private long[] values = new long[256];
    private int size;

    public void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    public void addAll(long[] nanos) {
        for (long value : nanos) {
            add(value);
        }
    }

    public int size() {
        return size;
    }

    /** The p-th percentile (0 < p <= 100) in nanoseconds; NaN when empty. */
    public double percentile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    public static String ms(double nanos) {
        return Double.isNaN(nanos) ? "–" : String.format(Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }

    public static String deltaMs(double through, double direct) {
        if (Double.isNaN(through) || Double.isNaN(direct)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%+.2f", (through - direct) / 1_000_000.0);
    }

    public static String ratio(double through, double direct) {
        if (Double.isNaN(through) || Double.isNaN(direct) || direct == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", through / direct);
    }
}
