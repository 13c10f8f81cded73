package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batch norm folded into the convolution before it, while the batch norm uses its running
 * statistics (every attack on a trained model): {@code bn(conv(x, w) + b) = conv(x, s w) + s b +
 * beta - s mean} with {@code s = gamma / sqrt(var + eps)} per output channel. One convolution with
 * a bias (which oneDNN adds inside the kernel) replaces a convolution and a pass of batch norm over
 * the whole activation, forward and backward: memory-bound work on the large early feature maps
 * (docs/performance.md, "Batch norm folded"). A noisy convolution is folded after its weight is
 * perturbed, so that its noise, drawn as before from the unscaled weight, is the same draw. The
 * values equal the unfolded ones up to float rounding ({@code BatchNormFoldTest}).
 *
 * <p>One switch per network, like {@link NoiseSwitch}: on by default, off to compare ({@code bench
 * --fold-batch-norm false}). Batch norm in training mode (batch statistics) is never folded.
 */
public final class BatchNormFolding {
    /** DJL's default epsilon, which every batch norm of our architectures keeps. */
    static final float EPSILON = 1e-5f;

    private volatile boolean on = true;
    private final AtomicLong folded = new AtomicLong();

    public boolean isOn() {
        return on;
    }

    public void set(boolean on) {
        this.on = on;
    }

    /** The batch norms folded so far, one per forward pass of each (for tests and benchmarks). */
    public long foldedCount() {
        return folded.get();
    }

    /** Whether {@code block} is a convolution this class can fold the next batch norm into. */
    static boolean canFold(Block block) {
        if (block instanceof SequentialBlock sequence) {
            return sequence.endsWithFoldableConv();
        }
        return block instanceof NoisyConv2d || block instanceof Conv2d;
    }

    /** {@code bn(conv(x))} as one convolution; {@code conv} is one that {@link #canFold}. */
    NDList forward(Block conv, BatchNorm bn, ParameterStore ps, NDList inputs) {
        if (conv instanceof SequentialBlock sequence) {
            return sequence.forwardFoldingLast(bn, ps, inputs);
        }
        NDArray x = inputs.singletonOrThrow();
        Fold fold = Fold.of(bn, ps, x);
        folded.incrementAndGet();
        if (conv instanceof NoisyConv2d noisy) {
            NDArray w = noisy.currentWeight(ps, x, false);
            return noisy.apply(x, fold.weight(w), fold.bias(noisy.currentBias(ps, x, false)));
        }
        Conv2d plain = (Conv2d) conv;
        NDArray w = NoisyWeightLayer.value(ps, plain.getParameters().get("weight"), x, false);
        NDArray b =
                plain.isIncludeBias()
                        ? NoisyWeightLayer.value(ps, plain.getParameters().get("bias"), x, false)
                        : null;
        return Conv2d.conv2d(
                x,
                fold.weight(w),
                fold.bias(b),
                plain.getStride(),
                plain.getPadding(),
                plain.getDilation(),
                plain.getGroups());
    }

    /**
     * A batch norm's scale {@code s} (shaped to multiply a convolution's weight) and shift. Every
     * array lives in the input's scope: the parameters belong to the model's manager, where an op
     * with a parameter as first operand would leave its result. The running statistics are never
     * trained and are read through detached views; gamma and beta keep their gradients.
     */
    private record Fold(NDArray scale, NDArray shift) {
        static Fold of(BatchNorm bn, ParameterStore ps, NDArray x) {
            NDManager scope = x.getManager();
            NDArray gamma = param(bn, "gamma", ps, x);
            NDArray beta = param(bn, "beta", ps, x);
            NDArray mean = DetachedView.of(param(bn, "runningMean", ps, x), scope);
            NDArray var = DetachedView.of(param(bn, "runningVar", ps, x), scope);
            NDArray s = var.add(EPSILON).sqrt().pow(-1).mul(gamma);
            return new Fold(s, s.mul(mean).neg().add(beta));
        }

        /** {@code s w}, per output channel (the first axis of a 2-D convolution's weight). */
        NDArray weight(NDArray w) {
            return scale.reshape(-1, 1, 1, 1).mul(w);
        }

        /** {@code s b + shift}, or the shift alone for a convolution without bias. */
        NDArray bias(NDArray b) {
            return b == null ? shift : scale.mul(b).add(shift);
        }

        private static NDArray param(BatchNorm bn, String name, ParameterStore ps, NDArray x) {
            Parameter p = bn.getParameters().get(name);
            return NoisyWeightLayer.value(ps, p, x, false);
        }
    }
}
