package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.Function;

/**
 * A layer whose weight carries noise while its {@link NoiseSwitch} is on: the weight and optional
 * bias, their shapes, and the forward pass "perturb the weight, then apply the layer" that {@link
 * PniConv2d}, {@link ColoredConv2d} and {@link PniLinear} share, as DJL's {@code Convolution}
 * shares it among its layers. A subclass gives its weight's shape and the operation it applies; its
 * {@link WeightNoiseModel} gives the noise parameters and how they perturb the weight. With the
 * switch off the layer is exactly the plain layer with the mean weight.
 *
 * <p>The weight and bias are registered first, the noise parameters after them, so that the order
 * of parameters in a checkpoint is that of the layers before this class existed.
 */
public abstract class NoisyWeightLayer extends AbstractBlock {
    private final NoiseSwitch noise;
    private final Parameter weight;
    private final Parameter bias;
    private final WeightNoiseModel noiseModel;

    /**
     * @param noiseModel makes the layer's noise model, which registers its parameters with the
     *     layer after the weight and bias
     */
    NoisyWeightLayer(
            byte version,
            boolean hasBias,
            NoiseSwitch noise,
            Function<NoisyWeightLayer, WeightNoiseModel> noiseModel) {
        super(version);
        this.noise = noise;
        this.weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .build());
        this.bias =
                hasBias
                        ? addParameter(
                                Parameter.builder()
                                        .setName("bias")
                                        .setType(Parameter.Type.BIAS)
                                        .build())
                        : null;
        this.noiseModel = noiseModel.apply(this);
    }

    /** Registers a noise parameter of the layer's noise model. */
    final Parameter register(Parameter p) {
        return addParameter(p);
    }

    /** What the layer's description says of its noise. */
    final String noiseDescription() {
        return noiseModel.describe();
    }

    /** The weight's shape for inputs of {@code input}'s shape; its first axis is the outputs. */
    abstract Shape weightShape(Shape input);

    /** The layer's operation with the (perturbed) weight; {@code bias} may be null. */
    abstract NDList apply(NDArray x, NDArray weight, NDArray bias);

    @Override
    protected final void prepare(Shape[] inputShapes) {
        Shape w = weightShape(inputShapes[0]);
        weight.setShape(w);
        if (bias != null) {
            bias.setShape(new Shape(w.get(0)));
        }
        noiseModel.prepare(w);
    }

    @Override
    protected final NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return apply(x, currentWeight(ps, x, training), currentBias(ps, x, training));
    }

    /** The weight this pass uses: perturbed by a fresh draw while the noise is on. */
    final NDArray currentWeight(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = value(ps, weight, x, training);
        return noise.isOn() ? noiseModel.perturb(w, ps, x, training) : w;
    }

    /** The bias, or null for a layer without one. */
    final NDArray currentBias(ParameterStore ps, NDArray x, boolean training) {
        return bias == null ? null : value(ps, bias, x, training);
    }

    /** A parameter's value on the input's device. */
    static NDArray value(ParameterStore ps, Parameter p, NDArray x, boolean training) {
        return ps.getValue(p, x.getDevice(), training);
    }
}
