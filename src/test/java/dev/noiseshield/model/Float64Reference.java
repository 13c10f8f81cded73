package dev.noiseshield.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.nn.NoiseSwitch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The oracle for comparisons of float32 computations: the same network, with the same parameters,
 * computed in float64. Noise is drawn in float32 by every noise layer whatever the network's type,
 * so the same engine seed gives the reference the same draws.
 *
 * <p>How far a correct float32 computation may lie from it depends on how much the network
 * amplifies rounding (batch statistics over four values amplify it a thousandfold): {@link
 * #roundingSpread} measures that on the reference itself, by moving every parameter and input value
 * by a random relative amount of one float32 rounding (2^-24) and taking the largest change of each
 * output. A float32 computation rounds once or more per operation, so it lies a small multiple of
 * that spread away; a wrong kernel lies orders of magnitude away.
 */
final class Float64Reference implements AutoCloseable {
    /** One float32 rounding, relative: half the distance between 1 and the next float. */
    private static final double UNIT_ROUNDOFF = Math.scalb(1.0, -24);

    private final Block block;
    private final NDManager manager;
    private final int trackedParameter;
    private final List<double[]> exactParameters = new ArrayList<>();

    /**
     * A float64 copy of {@code net}, made in a sub-manager of {@code parent}; the weight gradient
     * it reports is that of the parameter named {@code trackedParameterName} (a key of {@link
     * Network#parameters}).
     */
    Float64Reference(Network net, String trackedParameterName, NDManager parent) {
        ModelSpec spec = net.spec();
        this.manager = parent.newSubManager();
        LayerFactory layers = new LayerFactory(spec, new NoiseSwitch(NoiseMode.ON));
        layers.folding().set(false); // the oracle runs every batch norm as a layer
        Network.Parts parts = Network.build(spec, layers);
        this.block = new SequentialBlock().add(parts.trunk()).add(parts.head());
        block.initialize(manager, DataType.FLOAT64, Network.inputShape(spec, 1));
        List<Pair<String, Parameter>> source = net.parameters();
        List<Pair<String, Parameter>> target = block.getParameters().stream().toList();
        int tracked = -1;
        for (int i = 0; i < target.size(); i++) {
            double[] values =
                    source.get(i)
                            .getValue()
                            .getArray()
                            .toType(DataType.FLOAT64, true)
                            .toDoubleArray();
            exactParameters.add(values);
            NDArray array = target.get(i).getValue().getArray();
            array.set(values);
            boolean isTracked = source.get(i).getKey().equals(trackedParameterName);
            array.setRequiresGradient(isTracked);
            tracked = isTracked ? i : tracked;
        }
        if (tracked < 0) {
            throw new IllegalArgumentException("no parameter " + trackedParameterName);
        }
        this.trackedParameter = tracked;
    }

    /** Logits, input gradient and tracked weight gradient, each flattened. */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
    record Outputs(double[] logits, double[] inputGradient, double[] weightGradient) {
        /** What {@link #get} returns, by index. */
        static final String[] NAMES = {"logits", "input gradient", "first weight gradient"};

        double[] get(int which) {
            return switch (which) {
                case 0 -> logits;
                case 1 -> inputGradient;
                default -> weightGradient;
            };
        }
    }

    /**
     * One pass of {@code x} with the engine seeded by {@code seed}, backward from {@code
     * objective(logits)}: the test's float32 pass must do the same.
     */
    Outputs pass(NDArray x, boolean batchNormTraining, long seed) {
        try (NDManager step = manager.newSubManager()) {
            NDArray input = x.toType(DataType.FLOAT64, true); // a copy, even when already float64
            input.attach(step);
            input.setRequiresGradient(true);
            Engine.getInstance().setRandomSeed((int) seed);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits =
                        block.forward(
                                        new ParameterStore(step, false),
                                        new NDList(input),
                                        batchNormTraining)
                                .singletonOrThrow();
                gc.backward(objective(logits));
                NDArray weight = parameter(trackedParameter);
                Outputs out =
                        new Outputs(
                                logits.toDoubleArray(),
                                input.getGradient().toDoubleArray(),
                                weight.getGradient().toDoubleArray());
                weight.getGradient().subi(weight.getGradient());
                return out;
            }
        }
    }

    /**
     * A fixed, uneven weighting of the logits summed, so that every class contributes a different
     * gradient. The float32 passes under test backpropagate the same.
     */
    static NDArray objective(NDArray logits) {
        long classes = logits.getShape().get(1);
        NDArray weights = logits.getManager().arange(1f, 1f + classes).div(7f);
        return logits.mul(weights.toType(logits.getDataType(), false)).sum();
    }

    /**
     * For logits, input gradient and weight gradient (in that order), the largest change of any
     * value that relative moves of one float32 rounding of every parameter and input value cause,
     * over three seeded draws of those moves.
     */
    double[] roundingSpread(NDArray x, boolean batchNormTraining, long seed) {
        Outputs exact = pass(x, batchNormTraining, seed);
        double[] spread = new double[3];
        Random moves = new Random(17);
        double[] pixels = x.toType(DataType.FLOAT64, true).toDoubleArray();
        try (NDManager scope = manager.newSubManager()) {
            for (int draw = 0; draw < 3; draw++) {
                for (int i = 0; i < exactParameters.size(); i++) {
                    parameter(i).set(moved(exactParameters.get(i), moves));
                }
                Outputs changed =
                        pass(
                                scope.create(moved(pixels, moves), x.getShape()),
                                batchNormTraining,
                                seed);
                for (int which = 0; which < 3; which++) {
                    spread[which] =
                            Math.max(
                                    spread[which],
                                    largestDifference(exact.get(which), changed.get(which)));
                }
            }
        } finally {
            for (int i = 0; i < exactParameters.size(); i++) {
                parameter(i).set(exactParameters.get(i));
            }
        }
        return spread;
    }

    /**
     * The float32 pass that {@link #pass} is the oracle of: {@code net} in its current layout and
     * folding, the engine seeded by {@code seed}, backward from {@link #objective}; the weight
     * gradient is that of the network's first trainable parameter.
     */
    static Outputs float32Pass(Network net, NDArray x, boolean batchNormTraining, long seed) {
        net.setBatchNormTraining(batchNormTraining);
        net.setParameterGradients(true);
        try (NDManager step = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(step);
            input.setRequiresGradient(true);
            Engine.getInstance().setRandomSeed((int) seed);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.logits(input);
                gc.backward(objective(logits));
                NDArray weight = net.trainableParameters().get(0).getValue().getArray();
                Outputs out =
                        new Outputs(
                                asDoubles(logits),
                                asDoubles(input.getGradient()),
                                asDoubles(weight.getGradient()));
                net.trainableParameters()
                        .forEach(q -> q.getValue().getArray().getGradient().muli(0));
                return out;
            }
        } finally {
            net.setParameterGradients(false);
        }
    }

    private static double[] asDoubles(NDArray a) {
        return a.toType(DataType.FLOAT64, true).toDoubleArray();
    }

    /** Asserts that {@code ours} lies at most {@code steps} rounding spreads from {@code exact}. */
    static void assertWithinRounding(
            double[] exact, double[] ours, double spread, int steps, String what) {
        double scale = 0;
        for (double v : exact) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, what + " is all zeros, so it compares nothing");
        assertTrue(spread > 0, what + ": rounding moved nothing, so the bound would be zero");
        double error = largestDifference(exact, ours);
        assertTrue(
                error <= steps * spread,
                String.format(
                        "%s: %.3g from float64 (values up to %.3g), %.1f rounding spreads of %.3g;"
                                + " at most %d",
                        what, error, scale, error / spread, spread, steps));
    }

    static double largestDifference(double[] a, double[] b) {
        double largest = 0;
        for (int k = 0; k < a.length; k++) {
            largest = Math.max(largest, Math.abs(a[k] - b[k]));
        }
        return largest;
    }

    private NDArray parameter(int index) {
        return block.getParameters().get(index).getValue().getArray();
    }

    private static double[] moved(double[] values, Random moves) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= 1 + (2 * moves.nextDouble() - 1) * UNIT_ROUNDOFF;
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
