package dev.noiseshield.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.noiseshield.nn.ScaleGranularity;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Batch norm folded into the convolution before it computes what the layers compute one by one:
 * with running statistics, the folded float32 pass (logits, input gradient, first weight gradient)
 * lies within float32 rounding of the same network computed layer by layer in float64 ({@link
 * Float64Reference}, as {@link ChannelsLastTest} bounds a layout), and so does the unfolded float32
 * pass. The batch norms get random statistics, scales and shifts first: freshly initialised ones
 * (mean 0, variance 1, scale 1, shift 0) would fold into almost nothing. Each network also counts
 * its folds: every batch norm of the architecture once a pass, none with the switch off, and none
 * in training mode; and a folded pass leaves no array in the model's manager.
 */
class BatchNormFoldTest {
    private static final int ROUNDING_STEPS = 32;
    private static final long NOISE_SEED = 5;

    @Test
    void pniWeightsResNet20WithProjectionShortcuts() {
        // 19 after convolutions of the blocks and the stem, 2 after the projection shortcuts
        foldsWithinRounding(
                spec(
                        Architecture.RESNET20,
                        NoiseSpec.pniWeights(ScaleGranularity.LAYER),
                        Shortcut.PROJECTION),
                21);
    }

    @Test
    void plainResNet20WithZeroPaddedShortcuts() {
        foldsWithinRounding(spec(Architecture.RESNET20, NoiseSpec.NONE, Shortcut.ZERO_PAD), 19);
    }

    /** RSE's inner noise sits in a sequence before each convolution, which folds as its last. */
    @Test
    void rseResNet20FoldsThroughItsNoiseSequences() {
        foldsWithinRounding(
                spec(Architecture.RESNET20, NoiseSpec.rse(0.2f, 0.1f), Shortcut.PROJECTION), 21);
    }

    private static ModelSpec spec(Architecture architecture, NoiseSpec noise, Shortcut shortcut) {
        List<Double> mean = Collections.nCopies(3, 0.5);
        List<Double> std = Collections.nCopies(3, 0.25);
        return new ModelSpec(architecture, 3, 32, 10, 1, mean, std, noise, shortcut);
    }

    private static void foldsWithinRounding(ModelSpec spec, int batchNorms) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            try (Network net = Network.create(spec, m)) {
                randomizeBatchNorms(net);
                try (Float64Reference reference =
                        new Float64Reference(net, net.trainableParameters().get(0).getKey(), m)) {
                    NDArray x = m.randomUniform(0f, 1f, new Shape(4, 3, 32, 32), DataType.FLOAT32);
                    Float64Reference.Outputs exact = reference.pass(x, false, NOISE_SEED);
                    double[] spread = reference.roundingSpread(x, false, NOISE_SEED);
                    for (boolean folding : new boolean[] {true, false}) {
                        net.setBatchNormFolding(folding);
                        long before = net.foldedBatchNorms();
                        Float64Reference.Outputs ours =
                                Float64Reference.float32Pass(net, x, false, NOISE_SEED);
                        assertEquals(
                                folding ? batchNorms : 0,
                                net.foldedBatchNorms() - before,
                                "batch norms folded in one pass, folding " + folding);
                        for (int which = 0;
                                which < Float64Reference.Outputs.NAMES.length;
                                which++) {
                            Float64Reference.assertWithinRounding(
                                    exact.get(which),
                                    ours.get(which),
                                    spread[which],
                                    ROUNDING_STEPS,
                                    Float64Reference.Outputs.NAMES[which]
                                            + " of "
                                            + spec.noise()
                                            + (folding ? ", folded" : ", layer by layer"));
                        }
                    }
                    net.setBatchNormFolding(true);
                    long before = net.foldedBatchNorms();
                    Float64Reference.float32Pass(net, x, true, NOISE_SEED);
                    assertEquals(before, net.foldedBatchNorms(), "batch statistics never fold");
                    // the scales, shifts and folded weights live in the step's scope
                    net.setBatchNormTraining(false);
                    int arrays = arraysIn(net.manager());
                    attackStep(net, x);
                    assertEquals(arrays, arraysIn(net.manager()), "arrays left in the model");
                }
            }
        }
    }

    /** A forward and backward pass to the image in its own scope, as an attack step makes. */
    private static void attackStep(Network net, NDArray x) {
        try (NDManager step = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(step);
            input.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.logits(input).sum());
            }
            input.getGradient().sum().getFloat();
        }
    }

    private static int arraysIn(NDManager manager) {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }

    /** Statistics, scales and shifts as training leaves them: uneven, per channel. */
    private static void randomizeBatchNorms(Network net) {
        Random random = new Random(11);
        for (Pair<String, Parameter> p : net.parameters()) {
            String name = p.getValue().getName();
            NDArray array = p.getValue().getArray();
            float[] values = new float[Math.toIntExact(array.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] =
                        switch (name) {
                            case "runningMean", "beta" -> (float) (random.nextDouble() - 0.5);
                            case "runningVar", "gamma" -> (float) (0.5 + random.nextDouble());
                            default -> Float.NaN;
                        };
            }
            if (!Float.isNaN(values[0])) {
                array.set(values);
            }
        }
    }
}
