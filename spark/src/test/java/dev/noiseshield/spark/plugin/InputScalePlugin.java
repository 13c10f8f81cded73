package dev.noiseshield.spark.plugin;

import ai.djl.ndarray.NDArray;
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
 * A defense plugin as a researcher writes one, on the test class path (registered in
 * src/test/resources/META-INF/services): PNI-I, {@code x + a N(0, 1)} on the image with a learned
 * {@code a}, trained with PGD-AT.
 */
public final class InputScalePlugin implements DefensePlugin, NoiseLayerPlugin {
    @Override
    public List<DefenseKind> defenses() {
        return List.of(new Defense());
    }

    @Override
    public List<NoiseLayerKind> noiseLayers() {
        return List.of(new Kind());
    }

    static final class Defense implements DefenseKind {
        @Override
        public String cliName() {
            return "test-pni-input";
        }

        @Override
        public String summary() {
            return "learned Gaussian noise on the image, PGD-AT (a test plugin)";
        }

        @Override
        public NoiseSpec noise(DefenseOptions options) {
            return NoiseSpec.NONE.withPlugin("test-learned-input");
        }

        @Override
        public boolean adversarialTraining() {
            return true;
        }
    }

    static final class Kind implements NoiseLayerKind {
        @Override
        public String name() {
            return "test-learned-input";
        }

        @Override
        public String summary() {
            return "x + a N(0, 1) on the image, a learned (a test plugin)";
        }

        @Override
        public Block layer(NoiseSite site, NoiseSwitch noise) {
            return site == NoiseSite.INPUT ? new Layer(noise) : null;
        }
    }

    static final class Layer extends AdditiveNoiseLayer {
        private final Parameter scale;

        Layer(NoiseSwitch noise) {
            super((byte) 1, noise);
            scale =
                    addParameter(
                            Parameter.builder()
                                    .setName("noise_scale")
                                    .setType(Parameter.Type.OTHER)
                                    .optShape(new Shape(1))
                                    .optInitializer(new ConstantInitializer(0.1f))
                                    .build());
        }

        @Override
        protected NDArray perturb(NDArray x, ParameterStore ps, boolean training) {
            NDArray a = ps.getValue(scale, x.getDevice(), training);
            return x.getManager().randomNormal(x.getShape()).mul(a).add(x);
        }
    }
}
