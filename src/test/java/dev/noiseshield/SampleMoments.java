package dev.noiseshield;

/**
 * Sample mean, std and covariance of draws stored row-major (count rows of dim values), in double.
 */
public final class SampleMoments {
    private SampleMoments() {}

    public static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    public static double std(float[] values) {
        double mean = mean(values);
        double sq = 0;
        for (float v : values) {
            sq += (v - mean) * (v - mean);
        }
        return Math.sqrt(sq / (values.length - 1));
    }

    /** The (dim, dim) sample covariance of count rows. */
    public static double[][] covariance(float[] rows, int count, int dim) {
        double[] mean = new double[dim];
        for (int i = 0; i < count; i++) {
            for (int d = 0; d < dim; d++) {
                mean[d] += rows[i * dim + d];
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= count;
        }
        double[][] cov = new double[dim][dim];
        for (int i = 0; i < count; i++) {
            for (int a = 0; a < dim; a++) {
                double da = rows[i * dim + a] - mean[a];
                for (int b = 0; b < dim; b++) {
                    cov[a][b] += da * (rows[i * dim + b] - mean[b]);
                }
            }
        }
        for (double[] row : cov) {
            for (int b = 0; b < dim; b++) {
                row[b] /= count - 1;
            }
        }
        return cov;
    }
}
