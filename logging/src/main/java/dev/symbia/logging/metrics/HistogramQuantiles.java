package dev.symbia.logging.metrics;

/**
 * Quantiles of an explicit-bucket histogram, by linear interpolation inside the bucket where the
 * rank falls (as Prometheus' {@code histogram_quantile}), clamped to the recorded min and max.
 */
final class HistogramQuantiles {

    private HistogramQuantiles() {
    }

    /**
     * @param bounds upper bounds of all buckets but the last (which is unbounded)
     * @param counts one count per bucket, {@code bounds.length + 1} of them
     * @param min    smallest recorded value, or null
     * @param max    largest recorded value, or null
     */
    static Double quantile(double q, double[] bounds, long[] counts, Double min, Double max) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0 || counts.length != bounds.length + 1) {
            return null;
        }
        double rank = q * total;
        long before = 0;
        for (int i = 0; i < counts.length; i++) {
            long inBucket = counts[i];
            if (inBucket > 0 && before + inBucket >= rank) {
                double lower = i == 0 ? (min != null ? min : Math.min(0, bounds.length > 0 ? bounds[0] : 0)) : bounds[i - 1];
                double upper = i < bounds.length ? bounds[i]
                        : max != null ? max : bounds.length > 0 ? bounds[bounds.length - 1] : lower;
                if (min != null) {
                    lower = Math.max(lower, min);
                }
                if (max != null) {
                    upper = Math.min(upper, max);
                }
                if (upper < lower) {
                    upper = lower;
                }
                double fraction = (rank - before) / inBucket;
                return lower + (upper - lower) * Math.max(0, Math.min(1, fraction));
            }
            before += inBucket;
        }
        return max;
    }
}
