package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.stream.IntStream;

/**
 * Some examples of a batch, by position: takes their rows out of a batch's arrays and spreads a
 * result on them back to the whole batch, the other rows filled from another array. The whole batch
 * is the identity, without copies, so that an attack on every example computes exactly what it did
 * before subsets existed. Every copy lives in the scope the subset was made in (a run's), not in
 * the manager of the batch array it came from.
 */
final class Subset {
    private final NDManager scope;
    private final NDArray rows; // null: the whole batch
    private final NDArray others;
    private final NDArray backInPlace;

    private Subset(NDManager scope, NDArray rows, NDArray others, NDArray backInPlace) {
        this.scope = scope;
        this.rows = rows;
        this.others = others;
        this.backInPlace = backInPlace;
    }

    /** The examples {@code chosen} (increasing positions) of a batch of {@code n}. */
    static Subset of(int[] chosen, int n, NDManager scope) {
        if (chosen.length == n) {
            return new Subset(scope, null, null, null);
        }
        boolean[] isChosen = new boolean[n];
        for (int i : chosen) {
            isChosen[i] = true;
        }
        int[] rest = IntStream.range(0, n).filter(i -> !isChosen[i]).toArray();
        // the chosen rows, then the others: position i of the batch is entry inverse[i] of that
        long[] inverse = new long[n];
        for (int j = 0; j < chosen.length; j++) {
            inverse[chosen[j]] = j;
        }
        for (int j = 0; j < rest.length; j++) {
            inverse[rest[j]] = (long) chosen.length + j;
        }
        return new Subset(
                scope, indices(scope, chosen), indices(scope, rest), scope.create(inverse));
    }

    /** The chosen rows of a batch's array. */
    NDArray take(NDArray batch) {
        return rows == null ? batch : inScope(batch.get(new NDIndex("{}", rows)));
    }

    /**
     * A whole-batch array: the chosen examples' rows from {@code result}, the others' from {@code
     * filler} (a whole-batch array).
     */
    NDArray spread(NDArray result, NDArray filler) {
        if (rows == null) {
            return result;
        }
        NDArray stacked = inScope(result.concat(inScope(filler.get(new NDIndex("{}", others))), 0));
        return inScope(stacked.get(new NDIndex("{}", backInPlace)));
    }

    /** A copy made from a batch array lands in that array's manager: it moves to the scope. */
    private NDArray inScope(NDArray copy) {
        copy.attach(scope);
        return copy;
    }

    private static NDArray indices(NDManager scope, int[] positions) {
        long[] values = new long[positions.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = positions[i];
        }
        return scope.create(values);
    }
}
