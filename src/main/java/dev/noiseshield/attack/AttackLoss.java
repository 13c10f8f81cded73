package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import dev.noiseshield.nn.CrossEntropy;
import dev.noiseshield.nn.DetachedView;

/**
 * The loss an attack ascends, per example: (N, classes) logits and (N) labels to (N) losses. When a
 * classifier stacks EOT draws draw-major, logits have k * N rows and labels are tiled to match.
 */
@FunctionalInterface
public interface AttackLoss {
    /** Softmax cross-entropy. */
    AttackLoss CROSS_ENTROPY = CrossEntropy::perExample;

    /**
     * Carlini-Wagner margin {@code max_{j != y} z_j - z_y}: positive exactly when the example is
     * misclassified, and not saturated by a confident softmax as cross-entropy is.
     */
    AttackLoss CW_MARGIN =
            (logits, labels) ->
                    Margins.bestOther(logits, labels).sub(Margins.trueLogit(logits, labels));

    /**
     * Croce and Hein's difference of logits ratio (2020), untargeted: {@code -(z_y - max_{j != y}
     * z_j) / (z_pi1 - z_pi3)}, pi the classes sorted by logit, descending. Invariant to shifting
     * and scaling the logits.
     */
    AttackLoss DLR =
            (logits, labels) -> {
                NDArray sorted = logits.sort(1);
                long c = logits.getShape().get(1);
                NDArray top1 = sorted.get(":, " + (c - 1));
                NDArray top3 = sorted.get(":, " + (c - 3));
                NDArray margin =
                        Margins.trueLogit(logits, labels).sub(Margins.bestOther(logits, labels));
                return margin.neg().div(top1.sub(top3).add(1e-12f));
            };

    NDArray perExample(NDArray logits, NDArray labels);

    /**
     * Targeted DLR (Croce and Hein, 2020): {@code -(z_y - z_t) / (z_pi1 - (z_pi3 + z_pi4) / 2)},
     * which rises as the target class t overtakes the true class. Needs at least 4 classes.
     *
     * @param targets (N) target classes, tiled like the labels when EOT stacks draws
     */
    static AttackLoss targetedDlr(NDArray targets) {
        return (logits, labels) -> {
            long c = logits.getShape().get(1);
            NDArray t = Margins.tiled(targets, logits, labels);
            NDArray sorted = logits.sort(1);
            NDArray denominator =
                    sorted.get(":, " + (c - 1))
                            .sub(
                                    sorted.get(":, " + (c - 3))
                                            .add(sorted.get(":, " + (c - 4)))
                                            .div(2f))
                            .add(1e-12f);
            NDArray zt = logits.mul(t.oneHot((int) c)).sum(new int[] {1});
            return Margins.trueLogit(logits, labels).sub(zt).neg().div(denominator);
        };
    }

    /**
     * The gap {@code z_t - z_y} between a target class's logit and the true one, whose zero set is
     * the boundary FAB-T (Croce and Hein, 2020) linearises.
     *
     * @param targets (N) target classes, tiled like the labels when EOT stacks draws
     */
    static AttackLoss logitGap(NDArray targets) {
        return (logits, labels) ->
                Margins.trueLogit(logits, Margins.tiled(targets, logits, labels))
                        .sub(Margins.trueLogit(logits, labels));
    }

    /** Per-example margins of logits, shared by the losses above. */
    final class Margins {
        private Margins() {}

        /**
         * Targets as a view in the pass's scope, the logits' (ops on attack-long targets would stay
         * in their manager), tiled to the labels' rows when EOT stacks draws.
         */
        static NDArray tiled(NDArray targets, NDArray logits, NDArray labels) {
            NDArray t = DetachedView.of(targets, logits.getManager());
            long rows = labels.getShape().get(0);
            return t.getShape().get(0) == rows
                    ? t
                    : t.tile(new long[] {rows / t.getShape().get(0)});
        }

        /** z_y per row. */
        public static NDArray trueLogit(NDArray logits, NDArray labels) {
            return logits.mul(labels.oneHot((int) logits.getShape().get(1))).sum(new int[] {1});
        }

        /** max_{j != y} z_j per row. */
        public static NDArray bestOther(NDArray logits, NDArray labels) {
            NDArray oneHot = labels.oneHot((int) logits.getShape().get(1));
            return logits.sub(oneHot.mul(1e9f)).max(new int[] {1});
        }
    }
}
