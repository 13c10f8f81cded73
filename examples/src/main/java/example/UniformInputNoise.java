package example;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import dev.noiseshield.defense.DefenseKind;
import dev.noiseshield.defense.DefenseOptions;
import dev.noiseshield.defense.DefensePlugin;
import dev.noiseshield.model.NoiseLayerKind;
import dev.noiseshield.model.NoiseLayerPlugin;
import dev.noiseshield.model.NoiseSite;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.AdditiveNoiseLayer;
import dev.noiseshield.nn.NoiseSwitch;
import java.util.List;

/**
 * A new defense with its own noise layer: uniform noise {@code x + w * U(-1, 1)} on the input image
 * with a learned width {@code w}, trained with PGD adversarial training. The layer is a {@link
 * NoiseLayerKind} (placed at the input, nowhere else), the defense a {@link DefenseKind} whose noise
 * spec names the layer; both are registered in META-INF/services.
 */
public final class UniformInputNoise implements DefensePlugin, NoiseLayerPlugin {
    static final String LAYER = "uniform-input";

    @Override
    public List<DefenseKind> defenses() {
        return List.of(new Defense());
    }

    @Override
    public List<NoiseLayerKind> noiseLayers() {
        return List.of(new Kind());
    }

    /** {@code --defense uniform-at}. */
    static final class Defense implements DefenseKind {
        @Override
        public String cliName() {
            return "uniform-at";
        }

        @Override
        public String summary() {
            return "learned-width uniform noise on the image, with PGD adversarial training";
        }

        @Override
        public NoiseSpec noise(DefenseOptions options) {
            return NoiseSpec.NONE.withPlugin(LAYER);
        }

        @Override
        public boolean adversarialTraining() {
            return true;
        }
    }

    /** Where the layer goes: on the image only. */
    static final class Kind implements NoiseLayerKind {
        @Override
        public String name() {
            return LAYER;
        }

        @Override
        public String summary() {
            return "x + w U(-1, 1) on the image, w learned";
        }

        @Override
        public Block layer(NoiseSite site, NoiseSwitch noise) {
            return site == NoiseSite.INPUT ? new Layer(noise) : null;
        }
    }

    /**
     * The layer. Extending AdditiveNoiseLayer makes it the identity while noise is off; the
     * parameter's name starts with {@code noise_}, so no weight decay pulls the width to zero and
     * reports list it among the noise scales.
     */
    static final class Layer extends AdditiveNoiseLayer {
        private final Parameter width;

        Layer(NoiseSwitch noise) {
            super((byte) 1, noise);
            width =
                    addParameter(
                            Parameter.builder()
                                    .setName("noise_width")
                                    .setType(Parameter.Type.OTHER)
                                    .optShape(new Shape(1))
                                    .optInitializer(new ConstantInitializer(0.1f))
                                    .build());
        }

        @Override
        protected NDArray perturb(NDArray x, ParameterStore ps, boolean training) {
            NDArray w = ps.getValue(width, x.getDevice(), training);
            NDArray u = x.getManager().randomUniform(-1f, 1f, x.getShape(), DataType.FLOAT32);
            return u.mul(w).add(x);
        }
    }
}
