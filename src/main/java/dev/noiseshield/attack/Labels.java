package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.nn.DetachedView;

/** The labels of an attack step, as the losses take them. */
final class Labels {
    private Labels() {}

    /**
     * The (N) labels tiled for {@code draws} stacked draws, as a view or array owned by the step's
     * scope. The labels live for the whole batch, and DJL puts an op's result in the manager of its
     * first operand: every one-hot of the losses would otherwise stay in the batch's manager until
     * the batch ends. That was five arrays a query: a 5,000-query Square kept 25,000 small arrays
     * alive between PyTorch's large blocks, which fragmented the heap without bound (issue 19).
     */
    static NDArray inScope(NDArray y, int draws, NDManager scope) {
        NDArray view = DetachedView.of(y, scope);
        return draws == 1 ? view : view.tile(new long[] {draws});
    }
}
