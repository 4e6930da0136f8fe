package dev.symbia.logging.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramQuantilesTests {

    private static final double[] BOUNDS = {10, 100, 1000};

    @Test
    void interpolatesInsideTheBucketWhereTheRankFalls() {
        // Values 5 | 50, 70 | 500: four observations.
        long[] counts = {1, 2, 1, 0};
        // rank 2 falls in (10, 100] after 1 below: halfway.
        assertThat(HistogramQuantiles.quantile(0.5, BOUNDS, counts, 5.0, 500.0)).isEqualTo(55.0);
        // rank 3.8 falls in (100, 1000], clamped to max 500: 100 + 0.8 * 400.
        assertThat(HistogramQuantiles.quantile(0.95, BOUNDS, counts, 5.0, 500.0)).isCloseTo(420.0, within(1e-9));
        // rank 0.4 in the first bucket, from min 5 to bound 10.
        assertThat(HistogramQuantiles.quantile(0.1, BOUNDS, counts, 5.0, 500.0)).isCloseTo(7.0, within(1e-9));
    }

    @Test
    void theOverflowBucketEndsAtTheRecordedMaximum() {
        long[] counts = {0, 0, 0, 2};
        assertThat(HistogramQuantiles.quantile(0.5, BOUNDS, counts, 2000.0, 3000.0)).isCloseTo(2500.0, within(1e-9));
        assertThat(HistogramQuantiles.quantile(0.5, BOUNDS, counts, null, null)).isEqualTo(1000.0);
    }

    @Test
    void emptyOrMalformedHistogramsHaveNoQuantile() {
        assertThat(HistogramQuantiles.quantile(0.5, BOUNDS, new long[] {0, 0, 0, 0}, null, null)).isNull();
        assertThat(HistogramQuantiles.quantile(0.5, BOUNDS, new long[] {1, 2}, null, null)).isNull();
        assertThat(HistogramQuantiles.quantile(0.5, new double[0], new long[] {4}, 1.0, 3.0)).isEqualTo(2.0);
    }
}
