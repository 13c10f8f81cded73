package dev.noiseshield.eval;

import java.util.List;

/** Mean and sample standard deviation of repeated measurements. */
final class Stats {
    private Stats() {}

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n - 1); 0 for a single value. */
    static double std(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        double m = mean(values);
        double ss = values.stream().mapToDouble(v -> (v - m) * (v - m)).sum();
        return Math.sqrt(ss / (values.size() - 1));
    }
}
