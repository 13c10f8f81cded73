package dev.noiseshield.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * How a {@link NoisyWeightLayer} perturbs its weight: the noise parameters it registers with the
 * layer, their shapes for a weight's shape, and one draw of the perturbed weight. PNI's learned
 * scale ({@link #pni}) and CNI's colored covariance ({@link #colored}) are the two; the layers
 * choose one and share everything else.
 */
interface WeightNoiseModel {
    /** Sets the shapes of the noise parameters for a weight of {@code weightShape}. */
    void prepare(Shape weightShape);

    /** The weight with one draw of noise added. */
    NDArray perturb(NDArray weight, ParameterStore ps, NDArray x, boolean training);

    /** What the layer's description says of its noise. */
    String describe();

    /**
     * PNI (Rakin et al. 2019): {@code w + a * std(w) * e}, {@code e ~ N(0, 1)}, with the learned
     * scale {@code a} of the builder's {@link ScaleGranularity}.
     */
    static WeightNoiseModel pni(NoisyWeightLayer layer, PniBuilder<?> b) {
        ScaleGranularity granularity = b.granularity;
        Parameter scale = layer.register(b.newScaleParameter());
        return new WeightNoiseModel() {
            @Override
            public void prepare(Shape weightShape) {
                scale.setShape(granularity.scaleShape(weightShape));
            }

            @Override
            public NDArray perturb(NDArray w, ParameterStore ps, NDArray x, boolean training) {
                NDArray a = NoisyWeightLayer.value(ps, scale, x, training);
                return WeightNoise.perturb(w, a, x.getManager());
            }

            @Override
            public String describe() {
                return granularity.toString();
            }
        };
    }

    /**
     * CNI-W: {@code w'_o = w_o + std(w) * e_o} for every output filter o, {@code e_o ~ N(0, diag(d)
     * + F F^T)} of rank {@code rank} over the filter's weights ({@link ColoredConv2d}).
     */
    static WeightNoiseModel colored(NoisyWeightLayer layer, int filters, int rank, float init) {
        Parameter diagonal = layer.register(ColoredNoise.diagonalParameter(init));
        Parameter factor = layer.register(ColoredNoise.factorParameter());
        return new WeightNoiseModel() {
            @Override
            public void prepare(Shape weightShape) {
                long m = weightShape.size() / filters;
                diagonal.setShape(new Shape(m));
                factor.setShape(new Shape(m, rank));
            }

            @Override
            public NDArray perturb(NDArray w, ParameterStore ps, NDArray x, boolean training) {
                NDArray e =
                        ColoredNoise.sample(
                                filters,
                                NoisyWeightLayer.value(ps, diagonal, x, training),
                                NoisyWeightLayer.value(ps, factor, x, training),
                                x.getManager());
                NDArray std = WeightNoise.detachedStd(w, x.getManager());
                return e.reshape(w.getShape()).muli(std).add(w);
            }

            @Override
            public String describe() {
                return "rank=" + rank;
            }
        };
    }
}
