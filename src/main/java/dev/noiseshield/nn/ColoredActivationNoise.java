package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * CNI's optional colored activation noise: at every position of every example the C channel values
 * of an activation (N, C, H, W) get {@code std(a) * e}, {@code e ~ N(0, diag(d) + F F^T)} (C, C)
 * ({@link ColoredNoise}), drawn independently per example and position; {@code std(a)} is the
 * detached standard deviation of the whole activation. The identity while the switch is off.
 */
public final class ColoredActivationNoise extends AdditiveNoiseLayer {
    private static final byte VERSION = 1;

    private final int rank;
    private final Parameter diagonal;
    private final Parameter factor;

    public ColoredActivationNoise(NoiseSwitch noise, int rank, float initialStd) {
        super(VERSION, noise);
        if (rank < 1 || !(initialStd > 0f)) {
            throw new IllegalArgumentException(
                    "colored noise needs rank >= 1 and initial std > 0, got rank "
                            + rank
                            + ", std "
                            + initialStd);
        }
        this.rank = rank;
        this.diagonal = addParameter(ColoredNoise.diagonalParameter(initialStd));
        this.factor = addParameter(ColoredNoise.factorParameter());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        long channels = inputShapes[0].get(1);
        diagonal.setShape(new Shape(channels));
        factor.setShape(new Shape(channels, rank));
    }

    @Override
    protected NDArray perturb(NDArray a, ParameterStore ps, boolean training) {
        Shape s = a.getShape(); // (N, C, H, W)
        long positions = s.get(0) * s.get(2) * s.get(3);
        NDArray e =
                ColoredNoise.sample(
                        positions,
                        ps.getValue(diagonal, a.getDevice(), training),
                        ps.getValue(factor, a.getDevice(), training),
                        a.getManager());
        NDArray perPosition =
                e.reshape(s.get(0), s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
        return perPosition.mul(WeightNoise.detachedStd(a, a.getManager())).add(a);
    }
}
