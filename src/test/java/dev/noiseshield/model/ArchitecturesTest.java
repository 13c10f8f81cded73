package dev.noiseshield.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VGG-16 and ResNet-18 build on digits and CIFAR-sized images, with 512 penultimate features. */
class ArchitecturesTest {
    @Test
    void vgg16AndResNet18GiveLogitsAndReachableFeatures() {
        for (Architecture a : List.of(Architecture.VGG16, Architecture.RESNET18)) {
            for (int[] input : new int[][] {{1, 28}, {3, 32}}) {
                int channels = input[0];
                int size = input[1];
                List<Double> half = java.util.Collections.nCopies(channels, 0.5);
                ModelSpec spec =
                        new ModelSpec(a, channels, size, 10, 1, half, half, NoiseSpec.features());
                try (NDManager m = NDManager.newBaseManager();
                        Network net = Network.create(spec, m)) {
                    NDArray x = m.randomUniform(0f, 1f, new Shape(2, channels, size, size));
                    assertEquals(new Shape(2, 10), net.logits(x).getShape(), a + " on " + size);
                    assertEquals(
                            new Shape(2, 512),
                            net.features(x).getShape(),
                            a + " features on " + size);
                    assertEquals(
                            true, net.sharesWorkBetweenDraws(), "feature noise sits in the head");
                }
            }
        }
    }
}
