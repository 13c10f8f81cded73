package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.nn.DetachedView;
import dev.noiseshield.nn.OwnedArrays;
import java.util.Arrays;

/**
 * Carlini and Wagner's L2 attack (2017): in the tanh space {@code x' = (tanh(w) + 1) / 2}, which
 * keeps x' in the box without clipping, Adam minimises {@code ||x' - x||^2 + c max(z_y - max_{j !=
 * y} z_j, -kappa)}; a binary search per example looks for the smallest {@code c} that still fools
 * the model. Each example keeps its smallest successful perturbation.
 *
 * <p>C&amp;W finds a minimum distortion rather than a point in a given ball. For a robust accuracy
 * at {@code eps}, the result is projected onto the eps-ball: a success within eps is unchanged, and
 * a larger one is scaled back to eps, where it may or may not still fool the model.
 */
public record CarliniWagnerL2(
        int searchSteps, int iterations, float learningRate, float initialC, float kappa)
        implements Attack.InL2 {
    private static final float TANH_LIMIT = 0.999999f;

    /**
     * The paper's MNIST settings scaled down: 5 search steps of 100 Adam iterations, lr 0.01, c
     * from 0.1.
     */
    public static CarliniWagnerL2 defaults() {
        return new CarliniWagnerL2(5, 100, 0.01f, 0.1f, 0f);
    }

    public CarliniWagnerL2 {
        SettingChecks.atLeastOne("C&W", "search steps", searchSteps);
        SettingChecks.atLeastOne("C&W", "iterations", iterations);
        SettingChecks.positive("C&W", "lr", learningRate);
        SettingChecks.positive("C&W", "c", initialC);
        SettingChecks.notNegative("C&W", "kappa", kappa);
    }

    @Override
    public String name() {
        return "cw-l2-" + searchSteps + "x" + iterations;
    }

    @Override
    public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
        NDManager out = x.getManager();
        int n = Math.toIntExact(x.getShape().get(0));
        Shape perExample = Norm.perExampleShape(x.getShape());
        double[] c = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(c, initialC);
        Arrays.fill(upper, 1e10);
        NDArray best = x.duplicate(); // no success yet: the clean image
        float[] bestDistance = new float[n];
        Arrays.fill(bestDistance, Float.POSITIVE_INFINITY);
        for (int search = 0; search < searchSteps; search++) {
            boolean[] success = new boolean[n];
            try (NDManager round = out.newSubManager()) {
                NDArray cs = OwnedArrays.of(round, toFloats(c), perExample);
                NDArray w = atanh(x.mul(2f).subi(1f).clip(-TANH_LIMIT, TANH_LIMIT));
                w.attach(round);
                NDArray m = round.zeros(x.getShape());
                NDArray v = round.zeros(x.getShape());
                for (int it = 1; it <= iterations; it++) {
                    try (NDManager step = round.newSubManager()) {
                        NDArray tanh =
                                DetachedView.of(w, step)
                                        .tanh(); // results of ops on w would stay in the round
                        NDArray adv = tanh.add(1f).divi(2f);
                        LossGradient g = Gradients.of(model, adv, y, AttackLoss.CW_MARGIN, step);
                        NDArray margin = g.loss(); // max_other - z_y: > 0 means fooled (EOT mean)
                        NDArray active =
                                margin.lt(kappa)
                                        .toType(DataType.FLOAT32, false)
                                        .reshape(perExample);
                        // d/dx of ||x' - x||^2 + c max(-margin, -kappa)
                        NDArray gradX = adv.sub(x).muli(2f).subi(g.gradient().mul(cs).muli(active));
                        NDArray gradW = gradX.mul(tanh.square().neg().addi(1f)).divi(2f);
                        w.subi(Adam.direction(m, v, gradW, it, step).muli(learningRate));
                        recordSuccesses(adv, x, margin, best, bestDistance, success);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (success[i]) {
                    upper[i] = Math.min(upper[i], c[i]);
                    c[i] = (lower[i] + upper[i]) / 2;
                } else {
                    lower[i] = Math.max(lower[i], c[i]);
                    c[i] = upper[i] < 1e9 ? (lower[i] + upper[i]) / 2 : c[i] * 10;
                }
            }
        }
        NDArray result = Attack.clipToBallAndBox(L2, best, x, eps);
        best.close();
        return result;
    }

    /** Keeps, per example, the smallest perturbation that fooled the model so far. */
    private static void recordSuccesses(
            NDArray adv,
            NDArray x,
            NDArray margin,
            NDArray best,
            float[] bestDistance,
            boolean[] success) {
        float[] fooled = margin.toFloatArray();
        float[] distance = L2.size(adv.sub(x)).toFloatArray();
        boolean[] improve = new boolean[fooled.length];
        boolean any = false;
        for (int i = 0; i < fooled.length; i++) {
            if (fooled[i] > 0) {
                success[i] = true;
                if (distance[i] < bestDistance[i]) {
                    bestDistance[i] = distance[i];
                    improve[i] = true;
                    any = true;
                }
            }
        }
        if (any) {
            NDArray mask = OwnedArrays.of(adv.getManager(), improve);
            // intern swaps in the chosen tensor's handle: best keeps memory PyTorch owns, where
            // set(float[]) would have pointed it at a Java buffer; detached, so no step graph is
            // kept
            best.intern(Scores.choose(mask, adv, best).stopGradient());
        }
    }

    private static NDArray atanh(NDArray a) {
        return a.add(1f).divi(a.neg().addi(1f)).log().divi(2f);
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
