package io.onair.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Order statistics of a sample (nearest-rank percentiles: every reported figure is a measured value). */
record Stats(int count, double min, double median, double p90, double max, double mean) {

    static Stats of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Stats(v.length, v[0], rank(v, 50), rank(v, 90), v[v.length - 1], Arrays.stream(v).average().orElseThrow());
    }

    private static double rank(double[] sorted, int percent) {
        int r = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, r - 1)];
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
