package dev.noiseshield.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Index batches over a data set: shuffled for training, in order for evaluation. */
public final class Batches {
    private Batches() {}

    /** A seeded permutation of 0..size-1 cut into batches; the last may be smaller. */
    public static List<int[]> shuffled(int size, int batchSize, Random random) {
        return cut(permutation(size, random), batchSize);
    }

    /**
     * A Fisher-Yates permutation of 0..size-1. The embedded digits' train/test split is made with
     * it, so its sequence of random draws must not change.
     */
    public static int[] permutation(int size, Random random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** 0..size-1 in order, cut into batches. */
    public static List<int[]> inOrder(int size, int batchSize) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        return cut(order, batchSize);
    }

    private static List<int[]> cut(int[] order, int batchSize) {
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            int[] batch = new int[end - start];
            System.arraycopy(order, start, batch, 0, batch.length);
            batches.add(batch);
        }
        return batches;
    }
}
