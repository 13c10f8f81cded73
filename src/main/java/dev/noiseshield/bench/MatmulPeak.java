package dev.noiseshield.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The machine's practical peak: GFLOP/s of a large float32 matrix multiply through the same engine
 * and thread settings the workloads use, best of several runs. Workload GFLOP/s are reported as a
 * fraction of it.
 */
public final class MatmulPeak {
    private MatmulPeak() {}

    public static double gflops(NDManager root, int n, int repeats) {
        double best = 0;
        try (NDManager scope = root.newSubManager()) {
            NDArray a = scope.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
            NDArray b = scope.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
            a.matMul(b).close();
            for (int i = 0; i < repeats; i++) {
                long t = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // forces the result
                double seconds = (System.nanoTime() - t) / 1e9;
                c.close();
                best = Math.max(best, 2.0 * n * n * n / seconds / 1e9);
            }
        }
        return best;
    }
}
